{
    "name": "Factory Outsourcing",
    "summary": "Outsourced processing (委外加工) on Odoo subcontracting: subcontractor "
    "stock, material balance and reconciliation statements",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "license": "LGPL-3",
    "author": "Factory Suite",
    "website": "https://github.com/factory-suite/factory-suite",
    "maintainers": ["factory-suite"],
    "development_status": "Alpha",
    "depends": [
        "factory_mrp",
        "mrp_subcontracting",
        "mrp_subcontracting_account",
        "mrp_subcontracting_purchase",
        "purchase_stock",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/factory_outsourcing_security.xml",
        "data/ir_sequence_data.xml",
        "report/factory_outsourcing_balance_views.xml",
        "report/factory_mrp_wip_views.xml",
        "report/factory_outsourcing_statement_reports.xml",
        "views/factory_outsourcing_statement_views.xml",
        "views/res_partner_views.xml",
        "views/purchase_order_views.xml",
        "views/factory_outsourcing_operation_views.xml",
        "views/res_config_settings_views.xml",
        "views/factory_outsourcing_menus.xml",
    ],
    "demo": [
        "demo/factory_outsourcing_demo.xml",
        "demo/factory_outsourcing_operation_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "factory_outsourcing/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
