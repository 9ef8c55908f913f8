<?php
declare(strict_types=1);

namespace Acme\OrderExport\Model;

use Magento\Framework\Api\SearchCriteriaBuilder;
use Magento\Sales\Api\OrderRepositoryInterface;

/**
 * Lists the orders placed since a given time, for the export service.
 */
class OrderFeed
{
    public function __construct(
        private readonly OrderRepositoryInterface $orders,
        private readonly SearchCriteriaBuilder $criteria
    ) {
    }

    /**
     * @return \Magento\Sales\Api\Data\OrderInterface[]
     */
    public function since(string $createdAt): array
    {
        $criteria = $this->criteria
            ->addFilter('created_at', $createdAt, 'gteq')
            ->create();

        return $this->orders->getList($criteria)->getItems();
    }
}
