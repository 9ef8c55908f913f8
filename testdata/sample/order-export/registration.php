<?php
/**
 * Registers Acme_OrderExport with Magento.
 */
use Magento\Framework\Component\ComponentRegistrar;

ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_OrderExport', __DIR__);
