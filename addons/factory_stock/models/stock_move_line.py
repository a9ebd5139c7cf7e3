import datetime
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, format_datetime

from .stock_quant import factory_negative_stock_guard

OVERRIDE_GROUP = "factory_stock.group_fifo_override"


def _is_expired(lot, now):
    return bool(lot.expiration_date and lot.expiration_date < now)


def _order_key(policy, lot, in_date):
    """Issue order of a lot: earliest incoming date (FIFO), earliest
    expiration date then incoming date (FEFO); unknown dates go last."""
    never = datetime.datetime.max
    if policy == "fefo":
        return (lot.expiration_date or never, in_date or never)
    return (in_date or never,)


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _action_done(self):
        # before any quant moves: a refusal leaves stock and transfer untouched
        self._factory_check_quarantine()
        self._factory_check_issue_policy()
        # quants may go below zero on the way (lines processed in any order):
        # only what is negative once all lines are done is refused
        with factory_negative_stock_guard(self.env):
            return super()._action_done()

    # creating or editing done lines moves quants as well (undo, then redo)
    @api.model_create_multi
    def create(self, vals_list):
        with factory_negative_stock_guard(self.env):
            return super().create(vals_list)

    def write(self, vals):
        with factory_negative_stock_guard(self.env):
            return super().write(vals)

    def _factory_check_quarantine(self):
        """Goods in quarantine leave it only through the supervisor's
        confirmation of their inspection (or back to the supplier); rejected
        goods only back to the supplier or to scrap."""
        is_supervisor = self.env.user.has_group(
            "factory_stock.group_warehouse_supervisor"
        )
        for line in self:
            usage = line.location_id.factory_qc_usage
            dest = line.location_dest_id
            if not usage or dest.usage == "supplier":
                continue
            if usage == "reject" and (
                dest.usage == "inventory" or dest.factory_qc_usage
            ):
                continue
            inspection = line.move_id.factory_qc_inspection_id
            if (
                usage == "quarantine"
                and is_supervisor
                and inspection.state == "inspected"
                and inspection.product_id == line.product_id
                and inspection.lot_id == line.lot_id
            ):
                continue
            what = line.product_id.display_name
            if line.lot_id:
                what = f"{what} / {line.lot_id.name}"
            if usage == "quarantine":
                raise UserError(
                    self.env._(
                        "%(what)s is in quarantine, waiting for incoming inspection: "
                        "it can only leave through the confirmation of its "
                        "inspection or back to the supplier.",
                        what=what,
                    )
                )
            raise UserError(
                self.env._(
                    "%(what)s was rejected by incoming inspection: it can only be "
                    "returned to the supplier or scrapped.",
                    what=what,
                )
            )

    def _factory_issue_warehouse(self):
        """The warehouse whose stock this line issues from under a FIFO / FEFO
        policy, or an empty recordset when the policy does not apply.

        An issue takes lot-tracked material out of the stock location (tree)
        of a warehouse: to a customer, to production, to transit, to another
        warehouse, or to the output / pre-production step of a multi-step
        route (the later steps move the lots already chosen). Moves inside the
        stock, scrap, inventory adjustments and returns to a vendor are not
        issues.
        """
        self.ensure_one()
        warehouse = self.location_id.warehouse_id
        if (
            self.product_id.categ_id.factory_issue_policy in (False, "none")
            or self.product_id.tracking == "none"
            or self.is_inventory
            or not warehouse
            or self.location_id.usage != "internal"
            or not self.location_id._child_of(warehouse.lot_stock_id)
            or self.location_dest_id.usage in ("inventory", "supplier", "view")
            or self.location_dest_id._child_of(warehouse.lot_stock_id)
        ):
            return self.env["stock.warehouse"]
        return warehouse

    def _factory_lot_candidates(self, warehouses, products):
        """Lots of ``products`` in stock in the stock location of
        ``warehouses``, in one query: {(warehouse id, product id): [row]} with
        row = {lot, in_date, quantity, reserved}.

        Read in SQL on purpose: the order rule covers the whole warehouse,
        also quants that record rules hide from the user validating.
        """
        for model, fnames in (
            (
                "stock.quant",
                [
                    "product_id",
                    "location_id",
                    "lot_id",
                    "quantity",
                    "reserved_quantity",
                    "in_date",
                ],
            ),
            ("stock.location", ["usage", "parent_path"]),
            ("stock.warehouse", ["lot_stock_id"]),
        ):
            self.env[model].flush_model(fnames)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT w.id, q.product_id, q.lot_id, MIN(q.in_date),
                       SUM(q.quantity), SUM(q.reserved_quantity)
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                  JOIN stock_warehouse w ON w.id IN %(warehouses)s
                  JOIN stock_location s ON s.id = w.lot_stock_id
                 WHERE q.product_id IN %(products)s
                   AND q.lot_id IS NOT NULL
                   AND q.quantity > 0
                   AND l.usage = 'internal'
                   AND l.parent_path LIKE s.parent_path || %(any)s
              GROUP BY w.id, q.product_id, q.lot_id
                """,
                warehouses=tuple(warehouses.ids),
                products=tuple(products.ids),
                any="%",
            )
        )
        lots = self.env["stock.lot"].browse({row[2] for row in rows})
        lot_by_id = {lot.id: lot for lot in lots}  # keeps one prefetch set
        candidates = defaultdict(list)
        for wh_id, product_id, lot_id, in_date, quantity, reserved in rows:
            candidates[wh_id, product_id].append(
                {
                    "lot": lot_by_id[lot_id],
                    "in_date": in_date,
                    "quantity": quantity,
                    "reserved": reserved,
                }
            )
        return candidates

    def _factory_check_issue_policy(self):
        """Refuse issuing lots out of the FIFO / FEFO order of their category.

        For each issued lot, the lots of the same material that are still free
        in the same warehouse (quantity not reserved elsewhere nor taken by
        these lines; not expired under FEFO) must not be older (FIFO: incoming
        date) or expire earlier (FEFO: expiration date). Users with the FIFO
        Override right pass when the transfer has a reason, which is logged.
        """
        issues = self._factory_issue_lines()
        if not issues:
            return
        violations = self._factory_order_violations(issues)
        if violations:
            self._factory_refuse_or_log_override(violations, issues)

    def _factory_prefetch(self):
        """Read what the rule looks at for all lines at once (a few queries per
        validation, whatever the number of lines)."""
        self.fetch(
            [
                "product_id",
                "product_uom_id",
                "quantity",
                "lot_id",
                "move_id",
                "location_id",
                "location_dest_id",
                "picking_id",
                "quantity_product_uom",
            ]
        )
        self.move_id.fetch(["is_inventory"])
        self.product_uom_id.fetch(["rounding"])
        self.product_id.fetch(["product_tmpl_id"])
        self.product_id.product_tmpl_id.fetch(["categ_id", "tracking", "uom_id"])
        # the issue policy is read from the removal strategy
        self.product_id.categ_id.fetch(["removal_strategy_id"])
        self.product_id.categ_id.removal_strategy_id.fetch(["method"])
        (self.location_id | self.location_dest_id).fetch(
            ["warehouse_id", "usage", "parent_path"]
        )
        self.location_id.warehouse_id.fetch(["lot_stock_id"])
        self.lot_id.fetch(["name", "expiration_date"])

    def _factory_issue_lines(self):
        """{line: warehouse} of the lines issuing under a policy; refuses the
        lines without lot and (FEFO) the expired lots."""
        issues = {}
        errors = []
        now = fields.Datetime.now()
        self._factory_prefetch()
        for line in self:
            rounding = line.product_uom_id.rounding
            if float_compare(line.quantity, 0, precision_rounding=rounding) <= 0:
                continue
            warehouse = line._factory_issue_warehouse()
            if not warehouse:
                continue
            policy = line.product_id.categ_id.factory_issue_policy
            lot = line.lot_id
            if not lot:
                errors.append(
                    self.env._(
                        "%(product)s must be issued by lot (%(policy)s): enter "
                        "the lot to issue.",
                        product=line.product_id.display_name,
                        policy=policy.upper(),
                    )
                )
            elif policy == "fefo" and _is_expired(lot, now):
                errors.append(
                    self.env._(
                        "Lot %(lot)s of %(product)s expired on %(date)s and cannot "
                        "be issued.",
                        lot=lot.name,
                        product=line.product_id.display_name,
                        date=format_datetime(self.env, lot.expiration_date),
                    )
                )
            else:
                issues[line] = warehouse
        if errors:
            raise UserError("\n".join(errors))
        return issues

    def _factory_order_violations(self, issues):
        """[(line, lot that must go first)] for the ``issues`` ({line:
        warehouse}) that skip a lot the policy wants issued first."""
        lines = self.browse([line.id for line in issues])
        warehouses = self.env["stock.warehouse"].union(*issues.values())
        candidates = self._factory_lot_candidates(warehouses, lines.product_id)
        taken = defaultdict(float)
        for line, warehouse in issues.items():
            taken[warehouse.id, line.product_id.id, line.lot_id.id] += (
                line.quantity_product_uom
            )
        now = fields.Datetime.now()
        violations = []
        for line, warehouse in issues.items():
            product = line.product_id
            policy = product.categ_id.factory_issue_policy
            rows = candidates.get((warehouse.id, product.id), [])
            own = next((r for r in rows if r["lot"] == line.lot_id), None)
            line_key = _order_key(policy, line.lot_id, own and own["in_date"])
            first = None
            for row in rows:
                lot = row["lot"]
                free = row["quantity"] - max(
                    row["reserved"], taken[warehouse.id, product.id, lot.id]
                )
                if (
                    lot == line.lot_id
                    or (policy == "fefo" and _is_expired(lot, now))
                    or float_compare(
                        free, 0, precision_rounding=product.uom_id.rounding
                    )
                    <= 0
                ):
                    continue
                key = _order_key(policy, lot, row["in_date"])
                if key < line_key and (first is None or key < first[0]):
                    first = (key, lot)
            if first:
                violations.append((line, first[1]))
        return violations

    def _factory_refuse_or_log_override(self, violations, issues):
        may_override = self.env.user.has_group(OVERRIDE_GROUP)
        by_picking = defaultdict(list)
        for line, first in violations:
            by_picking[line.picking_id].append(
                self.env._(
                    "Lot %(lot)s of %(product)s cannot be issued from %(warehouse)s "
                    "yet: lot %(first)s must go first (%(policy)s).",
                    lot=line.lot_id.name,
                    product=line.product_id.display_name,
                    warehouse=issues[line].name,
                    first=first.name,
                    policy=line.product_id.categ_id.factory_issue_policy.upper(),
                )
            )
        refused = [
            (picking, messages)
            for picking, messages in by_picking.items()
            if not (
                may_override
                and picking
                and (picking.factory_fifo_override_reason or "").strip()
            )
        ]
        if refused:
            messages = [m for __, picking_messages in refused for m in picking_messages]
            if may_override:
                messages.append(
                    self.env._(
                        "To issue them anyway, enter a FIFO / FEFO override reason "
                        "on the transfer."
                    )
                )
            else:
                messages.append(
                    self.env._(
                        "Only a user with the 'FIFO Override' right can issue them "
                        "out of order, with a reason."
                    )
                )
            raise UserError("\n".join(messages))
        for picking, messages in by_picking.items():
            picking.message_post(
                body=Markup("<br/>").join(
                    [
                        self.env._(
                            "Issued out of FIFO / FEFO order by %(user)s. Reason: "
                            "%(reason)s",
                            user=self.env.user.name,
                            reason=picking.factory_fifo_override_reason.strip(),
                        ),
                        *messages,
                    ]
                )
            )
