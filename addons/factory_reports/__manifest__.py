{
    "name": "Factory Reports",
    "summary": "Dead and slow stock, stock aging, turnover, supplier scorecard, "
    "ABC and stock movement detail reports over Odoo's own stock, purchase and "
    "valuation data",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "license": "LGPL-3",
    "author": "Factory Suite",
    "website": "https://github.com/factory-suite/factory-suite",
    "maintainers": ["factory-suite"],
    "development_status": "Alpha",
    "depends": [
        "factory_stock",
        "factory_mrp",
        "stock_account",
        "purchase_stock",
        # "Add to my dashboard" on every report (the no-code dashboards)
        "board",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/factory_reports_security.xml",
        "data/ir_cron_data.xml",
        "wizard/factory_report_export_views.xml",
        "views/factory_report_export_job_views.xml",
        "report/factory_report_dead_stock_views.xml",
        "report/factory_report_aging_views.xml",
        "report/factory_report_turnover_views.xml",
        "report/factory_report_supplier_views.xml",
        "report/factory_report_abc_views.xml",
        "report/factory_report_movement_views.xml",
        "views/res_config_settings_views.xml",
        "views/factory_report_dashboard_views.xml",
        "views/factory_reports_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/factory_report_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "factory_reports/static/src/factory_dashboard/*",
        ],
        "web.assets_tests": [
            "factory_reports/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
