{
    "name": "Factory Stock",
    "summary": "Factory roles, material master and live stock board on Odoo Inventory",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "license": "LGPL-3",
    "author": "Factory Suite",
    "website": "https://github.com/factory-suite/factory-suite",
    "maintainers": ["factory-suite"],
    "development_status": "Alpha",
    "depends": ["stock_account", "barcodes", "mail"],
    "data": [
        "security/factory_stock_groups.xml",
        "security/ir.model.access.csv",
        "security/factory_stock_security.xml",
        "report/factory_stock_board_views.xml",
        "views/product_views.xml",
        "views/res_users_views.xml",
        "views/factory_stock_menus.xml",
    ],
    "demo": [
        "demo/factory_stock_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "factory_stock/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": True,
}
