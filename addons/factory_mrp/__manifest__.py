{
    "name": "Factory MRP",
    "summary": "Work orders that reserve their material, shortage view and release "
    "control on Odoo Manufacturing",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "license": "LGPL-3",
    "author": "Factory Suite",
    "website": "https://github.com/factory-suite/factory-suite",
    "maintainers": ["factory-suite"],
    "development_status": "Alpha",
    "depends": ["factory_stock", "mrp"],
    "data": [
        "security/factory_mrp_groups.xml",
        "security/ir.model.access.csv",
        "security/factory_mrp_security.xml",
        "report/factory_mrp_shortage_views.xml",
        "wizard/factory_mrp_release_views.xml",
        "views/mrp_production_views.xml",
        "views/factory_mrp_menus.xml",
    ],
    "demo": [
        "demo/mrp_demo.xml",
    ],
    "installable": True,
}
