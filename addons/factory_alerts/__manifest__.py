{
    "name": "Factory Alerts",
    "summary": "Alert rules on stock levels, dead stock, expiring lots, overdue "
    "receipts and shortages, to to-dos, e-mail and DingTalk / WeCom / Feishu robots",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "license": "LGPL-3",
    "author": "Factory Suite",
    "website": "https://github.com/factory-suite/factory-suite",
    "maintainers": ["factory-suite"],
    "development_status": "Alpha",
    "depends": ["factory_stock", "purchase_stock", "mail"],
    "external_dependencies": {"python": ["requests", "xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/factory_alerts_security.xml",
        "data/ir_cron_data.xml",
        "data/factory_alert_rule_data.xml",
        "views/factory_alert_robot_views.xml",
        "views/factory_alert_rule_views.xml",
        "views/factory_alert_views.xml",
        "views/factory_alert_outbox_views.xml",
        "views/product_views.xml",
        "views/factory_alerts_menus.xml",
    ],
    "demo": [
        "demo/factory_alerts_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "factory_alerts/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
