from odoo import fields, models


class MrpWorkcenterProductivity(models.Model):
    """Time records of work orders. Production reports (报工) write who did the
    work; the order cost rates the time by that employee's hourly cost, or by
    the work center's rate when the employee has none."""

    _name = "mrp.workcenter.productivity"
    _inherit = ["mrp.workcenter.productivity", "factory.protected.mixin"]

    # see factory.protected.mixin: the worker is booked by the report
    _factory_protected_fields = ("factory_employee_id",)

    factory_employee_id = fields.Many2one(
        "hr.employee", "Worker", index="btree_not_null", check_company=True
    )
