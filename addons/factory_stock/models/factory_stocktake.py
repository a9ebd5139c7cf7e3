from collections import defaultdict

from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .factory_protected import factory_protected_writer

SUPERVISOR = "factory_stock.group_warehouse_supervisor"
MANAGER = "factory_stock.group_factory_manager"
# what a stocktake counts: its lines are generated from it when counting starts
SCOPE_FIELDS = (
    "stocktake_type",
    "company_id",
    "warehouse_id",
    "location_ids",
    "categ_ids",
    "abc_class",
    "product_ids",
    "moved_since",
    "date_planned",
    "blind_count",
)


def quant_key(record):
    """Identity of a stock position: what a quant (and a count line) is about."""
    return (
        record.location_id.id,
        record.product_id.id,
        record.lot_id.id,
        record.package_id.id,
        record.owner_id.id,
    )


class FactoryStocktake(models.Model):
    """Stocktake (盘点单): a count of a warehouse, or part of it.

    Lines are generated from the quants in scope when counting starts; each
    line keeps the book quantity of the moment it was counted, so the warehouse
    keeps working during the count: approval applies the *difference* of each
    line to the current quant through Odoo's inventory adjustment.
    """

    _name = "factory.stocktake"
    _description = "Stocktake"
    _inherit = ["mail.thread", "mail.activity.mixin", "factory.protected.mixin"]
    _order = "date_planned desc, id desc"
    _check_company_auto = True
    # set by the start / submit / approve / cancel actions only (see
    # factory.protected.mixin); the corrections are linked by the approval
    _factory_protected_fields = (
        "name",
        "state",
        "submitted_by_id",
        "submitted_on",
        "approved_by_id",
        "approved_on",
        "move_ids",
    )

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("counting", "Counting"),
            ("to_approve", "To Approve"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    stocktake_type = fields.Selection(
        [
            ("full", "Full Count"),
            ("cycle", "Cycle Count"),
            ("dynamic", "Dynamic Count"),
        ],
        string="Type",
        required=True,
        default="full",
        tracking=True,
        help="Full: every internal location of the warehouse. Cycle: a planned "
        "subset of materials and locations. Dynamic: the materials that moved "
        "in the locations since a date.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    location_ids = fields.Many2many(
        "stock.location",
        "factory_stocktake_location_rel",
        "stocktake_id",
        "location_id",
        string="Locations",
        domain="[('usage', '=', 'internal'), ('warehouse_id', '=', warehouse_id)]",
        help="Count these locations and their sub-locations; empty: the whole "
        "warehouse.",
    )
    categ_ids = fields.Many2many(
        "product.category",
        "factory_stocktake_categ_rel",
        "stocktake_id",
        "categ_id",
        string="Categories",
    )
    abc_class = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C")],
        string="ABC Class",
        help="Only count materials of this ABC class.",
    )
    product_ids = fields.Many2many(
        "product.product",
        "factory_stocktake_product_rel",
        "stocktake_id",
        "product_id",
        string="Materials",
        help="Only count these materials (the cycle-count planner fills it).",
    )
    moved_since = fields.Datetime(
        "Moved Since", help="Dynamic count: materials moved in scope since then."
    )
    date_planned = fields.Date(
        "Planned Date", required=True, default=fields.Date.context_today, index=True
    )
    accounting_date = fields.Date(
        help="Date of the accounting entries of the corrections; empty: the "
        "approval date."
    )
    blind_count = fields.Boolean(
        "Blind Count",
        tracking=True,
        help="Counters do not see the book quantity while counting.",
    )
    user_id = fields.Many2one(
        "res.users",
        "Responsible",
        default=lambda self: self.env.user,
        tracking=True,
    )
    assignment_ids = fields.One2many(
        "factory.stocktake.assignment", "stocktake_id", "Counters", copy=True
    )
    line_ids = fields.One2many("factory.stocktake.line", "stocktake_id", "Lines")
    move_ids = fields.One2many("stock.move", "factory_stocktake_id", "Corrections")
    show_book_qty = fields.Boolean(compute="_compute_show_book_qty")
    line_count = fields.Integer(compute="_compute_kpi")
    counted_count = fields.Integer("Counted Lines", compute="_compute_kpi")
    diff_count = fields.Integer("Lines with Difference", compute="_compute_kpi")
    accuracy = fields.Float(
        "Accuracy (%)",
        compute="_compute_kpi",
        help="Share of counted lines without difference.",
    )
    gain_value = fields.Monetary(
        compute="_compute_kpi", groups="factory_stock.group_factory_cost"
    )
    loss_value = fields.Monetary(
        compute="_compute_kpi", groups="factory_stock.group_factory_cost"
    )
    needs_manager = fields.Boolean(
        compute="_compute_needs_manager",
        help="Differences above the approval threshold wait for a Factory Manager.",
    )
    submitted_by_id = fields.Many2one(
        "res.users", "Submitted By", readonly=True, copy=False
    )
    submitted_on = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one(
        "res.users", "Approved By", readonly=True, tracking=True, copy=False
    )
    approved_on = fields.Datetime(readonly=True, copy=False)

    @api.depends("blind_count", "state")
    @api.depends_context("uid")
    def _compute_show_book_qty(self):
        supervisor = self.env.user.has_group(SUPERVISOR)
        for stocktake in self:
            stocktake.show_book_qty = not (
                stocktake.blind_count
                and stocktake.state in ("draft", "counting")
                and not supervisor
            )

    @api.depends("line_ids.difference", "line_ids.is_counted")
    def _compute_kpi(self):
        stats = defaultdict(lambda: [0, 0, 0, 0.0, 0.0])
        # business code: the values are summed whatever the user; the KPI
        # fields themselves carry groups=
        Line = self.env["factory.stocktake.line"].sudo()
        groups = Line._read_group(
            [("stocktake_id", "in", self.ids)],
            ["stocktake_id", "is_counted", "has_difference"],
            ["__count"],
        )
        for stocktake, counted, has_diff, count in groups:
            row = stats[stocktake.id]
            row[0] += count
            row[1] += count if counted else 0
            row[2] += count if counted and has_diff else 0
        for index, operator in ((3, ">"), (4, "<")):
            for stocktake, value in Line._read_group(
                [("stocktake_id", "in", self.ids), ("value_diff", operator, 0)],
                ["stocktake_id"],
                ["value_diff:sum"],
            ):
                stats[stocktake.id][index] = value
        for stocktake in self:
            count, counted, diffs, gain, loss = stats[stocktake.id]
            stocktake.line_count = count
            stocktake.counted_count = counted
            stocktake.diff_count = diffs
            stocktake.accuracy = 100.0 * (counted - diffs) / counted if counted else 0.0
            stocktake.gain_value = gain
            stocktake.loss_value = loss

    @api.depends("line_ids.approval_tier", "line_ids.approved_by_id")
    def _compute_needs_manager(self):
        for stocktake in self:
            stocktake.needs_manager = any(
                line.approval_tier == "manager" and not line.approved_by_id
                for line in stocktake.line_ids
            )

    # CRUD ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        model = self._factory_check_create(vals_list)
        vals_list = [dict(vals) for vals in vals_list]  # not the caller's dicts
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("factory.stocktake") or "/"
                )
        with factory_protected_writer(self._name):
            records = super(FactoryStocktake, model).create(vals_list)
        return records.with_env(self.env)

    def write(self, vals):
        if not self._factory_is_trusted_writer():
            # counters save their counts through the form's lines; everything
            # else on the stocktake is the supervisor's
            if set(vals) - {"line_ids"}:
                self._check_supervisor()
            self._check_scope_editable(vals)
        return super().write(vals)

    def _check_scope_editable(self, vals):
        """What is counted is fixed once counting starts: the lines were
        generated from it."""
        changed = set(vals) & set(SCOPE_FIELDS)
        started = self.filtered(lambda s: s.state != "draft")
        if changed and started:
            raise UserError(
                self.env._(
                    "%(fields)s of %(ref)s can only be changed while it is a draft.",
                    fields=", ".join(
                        sorted(
                            self._fields[f]._description_string(self.env)
                            for f in changed
                        )
                    ),
                    ref=", ".join(started.mapped("name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(s.state in ("to_approve", "done") for s in self):
            raise UserError(
                self.env._("Submitted or done stocktakes cannot be deleted.")
            )

    # scope -----------------------------------------------------------------
    def _scope_locations(self):
        """Internal locations counted by this stocktake: the warehouse (or the
        chosen locations) with their sub-locations, except the quarantine and
        rejected-goods areas, whose stock only moves through inspections."""
        self.ensure_one()
        roots = self.location_ids or self.warehouse_id.view_location_id
        return self.env["stock.location"].search(
            [
                ("id", "child_of", roots.ids),
                ("usage", "=", "internal"),
                ("company_id", "=", self.company_id.id),
                # quarantine and rejected goods are counted by their inspection
                ("factory_qc_usage", "=", False),
            ]
        )

    def _check_in_scope(self, locations):
        """Refuse counts on locations outside the stocktake."""
        self.ensure_one()
        outside = locations - self._scope_locations()
        if outside:
            raise UserError(
                self.env._(
                    "%(locations)s is not part of stocktake %(ref)s.",
                    locations=", ".join(outside.mapped("display_name")),
                    ref=self.name,
                )
            )

    def _quant_domain(self):
        self.ensure_one()
        locations = self._scope_locations()
        domain = [
            ("location_id", "in", locations.ids),
            ("product_id.is_storable", "=", True),
        ]
        if self.categ_ids:
            domain.append(("product_id.categ_id", "child_of", self.categ_ids.ids))
        if self.abc_class:
            domain.append(("product_id.factory_abc_class", "=", self.abc_class))
        if self.product_ids:
            domain.append(("product_id", "in", self.product_ids.ids))
        if self.stocktake_type == "dynamic" and self.moved_since:
            moved = self.env["stock.move.line"]._read_group(
                [
                    ("state", "=", "done"),
                    ("date", ">=", self.moved_since),
                    ("company_id", "=", self.company_id.id),
                    "|",
                    ("location_id", "in", locations.ids),
                    ("location_dest_id", "in", locations.ids),
                ],
                ["product_id"],
            )
            domain.append(("product_id", "in", [p.id for (p,) in moved]))
        return domain

    def _generate_lines(self):
        """One line per quant position in scope with its book quantity and
        the counter assigned to its location (deepest assignment wins).

        Set-based: one INSERT … SELECT over the quants in scope (a full count
        has tens of thousands of lines). Every stored field of the line is
        written with the value its compute gives an uncounted line.
        """
        self.ensure_one()
        Line = self.env["factory.stocktake.line"]
        quants = self.env["stock.quant"]._search(self._quant_domain())
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                """
                INSERT INTO factory_stocktake_line (
                    stocktake_id, company_id, warehouse_id, state, stocktake_date,
                    location_id, product_id, categ_id, lot_id, package_id,
                    owner_id, assigned_user_id, book_qty, book_date, counted_qty,
                    is_counted, is_new, difference, has_difference,
                    accuracy_score, value_diff, approval_tier,
                    create_uid, create_date, write_uid, write_date)
                SELECT %(stocktake)s, %(company)s, %(warehouse)s, %(state)s,
                       %(date)s, q.location_id, q.product_id, t.categ_id,
                       q.lot_id, q.package_id, q.owner_id,
                       (SELECT a.user_id
                          FROM factory_stocktake_assignment a
                          JOIN stock_location al ON al.id = a.location_id
                         WHERE a.stocktake_id = %(stocktake)s
                           AND STARTS_WITH(l.parent_path, al.parent_path)
                         ORDER BY LENGTH(al.parent_path) DESC, a.id
                         LIMIT 1),
                       SUM(q.quantity), %(now)s, 0, FALSE, FALSE, 0, FALSE,
                       100, 0, 'none', %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                  JOIN product_product p ON p.id = q.product_id
                  JOIN product_template t ON t.id = p.product_tmpl_id
                 WHERE q.id IN (%(quants)s)
                   AND NOT EXISTS (
                        SELECT 1 FROM factory_stocktake_line x
                         WHERE x.stocktake_id = %(stocktake)s
                           AND x.location_id = q.location_id
                           AND x.product_id = q.product_id
                           AND x.lot_id IS NOT DISTINCT FROM q.lot_id
                           AND x.package_id IS NOT DISTINCT FROM q.package_id
                           AND x.owner_id IS NOT DISTINCT FROM q.owner_id)
                 GROUP BY q.location_id, l.parent_path, q.product_id, t.categ_id,
                          q.lot_id, q.package_id, q.owner_id
                HAVING ABS(SUM(q.quantity)) > 1e-9
                """,
                stocktake=self.id,
                company=self.company_id.id,
                warehouse=self.warehouse_id.id,
                state=self.state,
                date=self.date_planned,
                quants=quants.subselect(),
                now=fields.Datetime.now(),
                uid=self.env.uid,
            )
        )
        Line.invalidate_model()
        self.invalidate_recordset(["line_ids"])

    # actions -----------------------------------------------------------------
    def _log(self, text):
        """Chatter note; unlike message_post it needs no e-mail address of the
        author (counters often have none)."""
        self._message_log(body=escape(text))

    def _check_supervisor(self):
        if not self.env.user.has_group(SUPERVISOR):
            raise AccessError(
                self.env._("Only warehouse supervisors can manage stocktakes.")
            )

    def action_start(self):
        """Draft → counting: generate the count lines of the scope."""
        self._check_supervisor()
        for stocktake in self:
            if stocktake.state != "draft":
                raise UserError(
                    self.env._("%s is not a draft stocktake.", stocktake.name)
                )
            if stocktake.stocktake_type == "dynamic" and not stocktake.moved_since:
                raise UserError(
                    self.env._(
                        "%s: a dynamic count needs the date since which materials "
                        "moved.",
                        stocktake.name,
                    )
                )
            stocktake._generate_lines()
            stocktake._factory_write({"state": "counting"})
            stocktake._log(
                self.env._(
                    "Counting started by %(user)s: %(count)s lines.",
                    user=self.env.user.name,
                    count=len(stocktake.line_ids),
                )
            )
        return True

    def action_submit(self):
        """Counting → to approve: every line must have been counted."""
        for stocktake in self:
            if stocktake.state != "counting":
                raise UserError(self.env._("%s is not being counted.", stocktake.name))
            missing = stocktake.line_ids.filtered(lambda line: not line.is_counted)
            if missing:
                raise UserError(
                    self.env._(
                        "%(ref)s: %(count)s lines are not counted yet, e.g. %(lines)s.",
                        ref=stocktake.name,
                        count=len(missing),
                        lines=", ".join(missing[:5].mapped("display_name")),
                    )
                )
            counters = defaultdict(int)
            for line in stocktake.line_ids:
                counters[line.counted_by_id.name] += 1
            # counters submit: the writer scope passes the supervisor-only
            # write(), not the ACL
            stocktake._factory_write(
                {
                    "state": "to_approve",
                    "submitted_by_id": self.env.user.id,
                    "submitted_on": fields.Datetime.now(),
                }
            )
            stocktake._log(
                self.env._(
                    "Submitted for approval by %(user)s. Counted by: %(counters)s.",
                    user=self.env.user.name,
                    counters=", ".join(f"{n} ({c})" for n, c in counters.items()),
                )
            )
        return True

    def action_approve(self):
        """Approve the differences the user may approve (two tiers); when none
        is left, apply them through Odoo's inventory adjustment."""
        self._check_supervisor()
        user = self.env.user
        is_manager = user.has_group(MANAGER)
        for stocktake in self:
            if stocktake.state != "to_approve":
                raise UserError(
                    self.env._("%s is not waiting for approval.", stocktake.name)
                )
            pending = stocktake.line_ids.filtered(
                lambda line: line.approval_tier != "none" and not line.approved_by_id
            )
            mine = pending.filtered(
                lambda line: is_manager or line.approval_tier == "supervisor"
            )
            if pending and not mine:
                raise UserError(
                    self.env._(
                        "%(ref)s: the remaining differences exceed the approval "
                        "threshold and must be approved by a Factory Manager.",
                        ref=stocktake.name,
                    )
                )
            if stocktake.submitted_by_id == user:
                raise UserError(
                    self.env._(
                        "%(user)s submitted %(ref)s for approval and cannot approve "
                        "it.",
                        user=user.name,
                        ref=stocktake.name,
                    )
                )
            own = mine.filtered(lambda line: line.counted_by_id == user)
            if own:
                raise UserError(
                    self.env._(
                        "%(user)s counted %(lines)s and cannot approve their own "
                        "count.",
                        user=user.name,
                        lines=", ".join(own[:5].mapped("display_name")),
                    )
                )
            now = fields.Datetime.now()
            mine._factory_write({"approved_by_id": user.id, "approved_on": now})
            left = pending - mine
            if left:
                stocktake._log(
                    self.env._(
                        "%(user)s approved %(count)s differences; %(left)s above "
                        "the threshold wait for a Factory Manager.",
                        user=user.name,
                        count=len(mine),
                        left=len(left),
                    )
                )
                continue
            stocktake._apply_counts()
            stocktake._factory_write(
                {"state": "done", "approved_by_id": user.id, "approved_on": now}
            )
            stocktake._log(
                self.env._(
                    "%(user)s approved %(count)s differences; the stock is "
                    "corrected (%(moves)s inventory moves).",
                    user=user.name,
                    count=len(mine),
                    moves=len(stocktake.move_ids),
                )
            )
        return True

    def action_cancel(self):
        self._check_supervisor()
        if any(s.state == "done" for s in self):
            raise UserError(self.env._("A done stocktake cannot be cancelled."))
        self._factory_write({"state": "cancel"})
        return True

    def action_reset_draft(self):
        self._check_supervisor()
        if any(s.state != "cancel" for s in self):
            raise UserError(self.env._("Only cancelled stocktakes can be reset."))
        self.line_ids.unlink()
        self._factory_write({"state": "draft"})
        return True

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("stock.stock_move_action")
        action["domain"] = [("factory_stocktake_id", "=", self.id)]
        action["context"] = {}
        return action
