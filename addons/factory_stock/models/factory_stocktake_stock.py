"""Hooks of the stocktake into Odoo's stock and settings models.

The correction of a stocktake is Odoo's own inventory adjustment
(``stock.quant._apply_inventory``); the only addition is the stocktake
reference, stored on the inventory moves it creates (the stocktake being
applied is known on the call stack, never from a context key).
"""

import contextvars
from collections import defaultdict
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .factory_protected import factory_protected_writer
from .factory_stocktake import quant_key

# The stocktake being applied on this thread: the inventory moves Odoo creates
# meanwhile are its corrections. Not a context key: a client calling Odoo's
# own inventory apply cannot link its moves to a stocktake.
_APPLYING = contextvars.ContextVar("factory_stocktake_applying", default=None)


@contextmanager
def applying_stocktake(stocktake, product_ids=()):
    """Inside, the inventory moves Odoo creates belong to ``stocktake``
    (stock.quant._get_inventory_move_values), and the per-line work of their
    validation on ``product_ids`` is batched (factory_stocktake_apply.py)."""
    token = _APPLYING.set(
        {"stocktake_id": stocktake.id, "product_ids": set(product_ids), "fifo": {}}
    )
    try:
        with factory_protected_writer("stock.move"):
            yield
    finally:
        _APPLYING.reset(token)


class FactoryStocktake(models.Model):
    _inherit = "factory.stocktake"

    def _apply_counts(self):
        """Correct the stock with Odoo's own inventory adjustment.

        Each quant gets ``inventory_quantity = current quantity + difference``,
        the difference being counted minus the book quantity *when the line was
        counted*: moves done since then are kept, not undone. New positions are
        created the way Odoo's inventory mode creates them. The moves carry the
        stocktake reference (name and ``factory_stocktake_id``).
        """
        self.ensure_one()
        lines = self.line_ids.filtered("is_counted")
        Quant = self.env["stock.quant"]
        quants = Quant.search(
            [
                ("location_id", "in", lines.location_id.ids),
                ("product_id", "in", lines.product_id.ids),
            ],
            order="id",
        )
        by_key = {}
        for quant in quants:
            by_key.setdefault(quant_key(quant), quant)
        targets = {}
        new_positions = defaultdict(float)
        for line in lines:
            key = quant_key(line)
            quant = by_key.get(key)
            if quant:
                targets[quant] = targets.get(quant, quant.quantity) + line.difference
            else:
                new_positions[key] += line.difference
        to_apply = Quant
        # one write per counted quantity, not per quant
        by_target = defaultdict(list)
        for quant, target in targets.items():
            by_target[target].append(quant.id)
            to_apply |= quant
        for target, quant_ids in by_target.items():
            Quant.browse(quant_ids).inventory_quantity = target
        create_vals = [
            {
                "location_id": location_id,
                "product_id": product_id,
                "lot_id": lot_id,
                "package_id": package_id,
                "owner_id": owner_id,
                "inventory_quantity": qty,
                "user_id": False,
            }
            for (location_id, product_id, lot_id, package_id, owner_id), qty in (
                new_positions.items()
            )
            if qty
        ]
        if create_vals:
            to_apply |= Quant.with_context(inventory_mode=True).create(create_vals)
        if not to_apply:
            return
        to_apply.user_id = False
        if self.accounting_date:
            to_apply.accounting_date = self.accounting_date
        with applying_stocktake(self, to_apply.product_id.ids):
            # Deliberate boundary: the approver's right to correct this stock
            # was checked by action_approve (supervisor of the warehouse,
            # approval tiers, separation of duties) and the quants are the
            # stocktake's own. Odoo's adjustment then runs without evaluating
            # the record rules again on each of the thousands of moves, move
            # lines and quants it writes (25 s of the 205 s profiled apply on the
            # bench); the records keep the approver as their author.
            to_apply.sudo().with_context(inventory_name=self.name)._apply_inventory()


class StockMove(models.Model):
    _inherit = "stock.move"
    # set on the inventory moves of an approved stocktake only
    _factory_protected_fields = ("factory_stocktake_id",)

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
        applying = _APPLYING.get()
        if applying:
            vals["factory_stocktake_id"] = applying["stocktake_id"]
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
