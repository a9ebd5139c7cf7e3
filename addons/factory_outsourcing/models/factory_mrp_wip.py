from odoo import fields, models
from odoo.tools import SQL


class FactoryMrpWip(models.Model):
    """The WIP board shows what of each order is at a subcontractor for an
    outsourced operation (委外在制)."""

    _inherit = "factory.mrp.wip"
    _depends = {
        "factory.outsourcing.operation": [
            "production_id",
            "partner_id",
            "qty_at_subcontractor",
            "state",
        ],
    }

    at_subcontractor_qty = fields.Float(
        "At Subcontractor", digits="Product Unit of Measure", readonly=True
    )
    subcontractor_id = fields.Many2one("res.partner", "Subcontractor", readonly=True)

    def _select(self):
        return SQL(
            "%s, COALESCE(outs.qty, 0.0) AS at_subcontractor_qty, "
            "outs.partner_id AS subcontractor_id",
            super()._select(),
        )

    def _from(self):
        return SQL(
            """%s
         LEFT JOIN (
                SELECT production_id, SUM(qty_at_subcontractor) AS qty,
                       MIN(partner_id) AS partner_id
                  FROM factory_outsourcing_operation
                 WHERE state = 'released'
              GROUP BY production_id
               ) outs ON outs.production_id = p.id
            """,
            super()._from(),
        )
