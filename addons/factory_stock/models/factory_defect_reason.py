from odoo import fields, models


class FactoryDefectReason(models.Model):
    _name = "factory.defect.reason"
    _description = "Defect Reason"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_unique", "unique (code)", "The defect reason code must be unique."),
    ]
