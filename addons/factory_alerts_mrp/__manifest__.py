{
    "name": "Factory Alerts for Manufacturing",
    "summary": "Shortage alerts of released manufacturing orders on the order's "
    "screen (bridge of Factory Alerts and Factory MRP, installed automatically)",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "license": "LGPL-3",
    "author": "Factory Suite",
    "website": "https://github.com/factory-suite/factory-suite",
    "maintainers": ["factory-suite"],
    "development_status": "Alpha",
    "depends": ["factory_alerts", "factory_mrp"],
    "data": [
        "views/mrp_production_views.xml",
    ],
    "demo": [
        "demo/factory_alerts_mrp_demo.xml",
    ],
    "auto_install": True,
    "installable": True,
}
