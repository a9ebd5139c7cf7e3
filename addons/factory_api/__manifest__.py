{
    "name": "Factory API",
    "summary": "Versioned JSON HTTP API (/factory/api/v1) for MES, ERP and "
    "DingTalk / WeCom apps: stock, materials, orders, requests, alerts",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "license": "LGPL-3",
    "author": "Factory Suite",
    "website": "https://github.com/factory-suite/factory-suite",
    "maintainers": ["factory-suite"],
    "development_status": "Alpha",
    "depends": ["factory_stock", "factory_mrp", "factory_alerts"],
    "data": [
        "security/ir.model.access.csv",
        "security/factory_api_security.xml",
        "data/ir_cron_data.xml",
    ],
    "installable": True,
}
