{
    "name": "Factory Vouchers for Kingdee and Yonyou",
    "summary": "Accounting vouchers (凭证) of stock valuation, manufacturing, "
    "outsourcing and vendor bills, exported per period in the import layouts of "
    "Kingdee and Yonyou",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Factory Suite",
    "website": "https://github.com/factory-suite/factory-suite",
    "maintainers": ["factory-suite"],
    "development_status": "Alpha",
    "depends": [
        "factory_outsourcing",
    ],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/factory_voucher_security.xml",
        "data/ir_sequence_data.xml",
        "views/factory_voucher_map_views.xml",
        "views/factory_voucher_export_views.xml",
        "wizard/factory_voucher_export_wizard_views.xml",
        "views/factory_voucher_menus.xml",
    ],
    "demo": [
        "demo/factory_voucher_demo.xml",
    ],
    "installable": True,
}
