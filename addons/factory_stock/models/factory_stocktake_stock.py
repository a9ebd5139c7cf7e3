"""Hooks of the stocktake into Odoo's stock and settings models.

The correction of a stocktake is Odoo's own inventory adjustment
(``stock.quant._apply_inventory``); the only addition is the stocktake
reference, stored on the inventory moves it creates.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockMove(models.Model):
    _inherit = "stock.move"

    factory_stocktake_id = fields.Many2one(
        "factory.stocktake",
        "Stocktake",
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="Stocktake whose approval created this inventory move.",
    )


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _get_inventory_move_values(
        self,
        qty,
        location_id,
        location_dest_id,
        package_id=False,
        package_dest_id=False,
    ):
        vals = super()._get_inventory_move_values(
            qty,
            location_id,
            location_dest_id,
            package_id=package_id,
            package_dest_id=package_dest_id,
        )
        stocktake_id = self.env.context.get("factory_stocktake_id")
        if stocktake_id:
            vals["factory_stocktake_id"] = stocktake_id
        return vals


class ResCompany(models.Model):
    _inherit = "res.company"

    factory_stocktake_threshold = fields.Monetary(
        string="Stocktake Approval Threshold",
        currency_field="currency_id",
        default=1000.0,
        help="Count differences whose absolute value exceeds this amount must be "
        "approved by a Factory Manager; smaller ones by a Warehouse Supervisor.",
    )
    factory_abc_a_share = fields.Float(
        string="ABC: Class A Share (%)",
        default=80.0,
        help="Materials making up this cumulative share of the 12-month issue "
        "value are class A.",
    )
    factory_abc_b_share = fields.Float(
        string="ABC: Class A+B Share (%)",
        default=95.0,
        help="Materials up to this cumulative share of the 12-month issue value "
        "(and not A) are class B; the rest are class C.",
    )
    factory_cycle_months_a = fields.Integer(
        "Count Interval A (months)", default=1, help="Class A: monthly by default."
    )
    factory_cycle_months_b = fields.Integer(
        "Count Interval B (months)", default=3, help="Class B: quarterly by default."
    )
    factory_cycle_months_c = fields.Integer(
        "Count Interval C (months)", default=12, help="Class C: yearly by default."
    )

    @api.constrains(
        "factory_stocktake_threshold",
        "factory_abc_a_share",
        "factory_abc_b_share",
        "factory_cycle_months_a",
        "factory_cycle_months_b",
        "factory_cycle_months_c",
    )
    def _check_factory_stocktake_settings(self):
        for company in self:
            if company.factory_stocktake_threshold < 0:
                raise ValidationError(
                    self.env._("The stocktake approval threshold cannot be negative.")
                )
            if not (
                0 <= company.factory_abc_a_share <= company.factory_abc_b_share <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "ABC shares are percentages, class A at most class A+B "
                        "(0 ≤ A ≤ A+B ≤ 100)."
                    )
                )
            if (
                min(
                    company.factory_cycle_months_a,
                    company.factory_cycle_months_b,
                    company.factory_cycle_months_c,
                )
                < 1
            ):
                raise ValidationError(
                    self.env._("Count intervals must be at least one month.")
                )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    factory_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Stocktake Currency"
    )
    factory_stocktake_threshold = fields.Monetary(
        related="company_id.factory_stocktake_threshold",
        readonly=False,
        currency_field="factory_currency_id",
    )
    factory_abc_a_share = fields.Float(
        related="company_id.factory_abc_a_share", readonly=False
    )
    factory_abc_b_share = fields.Float(
        related="company_id.factory_abc_b_share", readonly=False
    )
    factory_cycle_months_a = fields.Integer(
        related="company_id.factory_cycle_months_a", readonly=False
    )
    factory_cycle_months_b = fields.Integer(
        related="company_id.factory_cycle_months_b", readonly=False
    )
    factory_cycle_months_c = fields.Integer(
        related="company_id.factory_cycle_months_c", readonly=False
    )
