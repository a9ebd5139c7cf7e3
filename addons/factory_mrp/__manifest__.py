{
    "name": "Factory MRP",
    "summary": "Work orders that reserve their material, shortage view and release "
    "control on Odoo Manufacturing",
    "version": "18.0.1.1.0",
    "category": "Manufacturing/Manufacturing",
    "license": "LGPL-3",
    "author": "Factory Suite",
    "website": "https://github.com/factory-suite/factory-suite",
    "maintainers": ["factory-suite"],
    "development_status": "Alpha",
    "depends": ["factory_stock", "mrp", "hr_hourly_cost"],
    "data": [
        "security/factory_mrp_groups.xml",
        "security/ir.model.access.csv",
        "security/factory_mrp_security.xml",
        "data/factory_material_request_data.xml",
        "report/factory_mrp_shortage_views.xml",
        "wizard/factory_mrp_release_views.xml",
        "views/mrp_production_views.xml",
        "wizard/factory_material_return_views.xml",
        "views/factory_material_request_views.xml",
        "views/factory_cost_center_views.xml",
        "views/mrp_production_request_views.xml",
        "views/product_category_views.xml",
        "views/res_config_settings_views.xml",
        "views/stock_picking_views.xml",
        "views/factory_mrp_menus.xml",
    ],
    "demo": [
        "demo/mrp_demo.xml",
        "demo/factory_material_request_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "factory_mrp/static/src/factory_scan_issue/*",
        ],
        "web.assets_tests": [
            "factory_mrp/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
