<?php
declare(strict_types=1);

namespace Acme\OrderExport\Setup\Patch\Data;

use Magento\Framework\Setup\Patch\DataPatchInterface;
use Magento\Integration\Model\ConfigBasedIntegrationManager;

/**
 * Creates the "Acme Order Export" integration from etc/integration/*.xml.
 */
class RegisterIntegration implements DataPatchInterface
{
    public function __construct(
        private readonly ConfigBasedIntegrationManager $integrationManager
    ) {
    }

    public function apply(): self
    {
        $this->integrationManager->processIntegrationConfig(['Acme Order Export']);
        return $this;
    }

    public static function getDependencies(): array
    {
        return [];
    }

    public function getAliases(): array
    {
        return [];
    }
}
