from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from .factory_input import factory_clean_vals
from .factory_protected import factory_protected_writer
from .factory_stocktake import SUPERVISOR, quant_key

KEY_FIELDS = ("location_id", "product_id", "lot_id", "package_id", "owner_id")
# what a found line may still correct (package and owner are protected)
EDITABLE_KEY_FIELDS = ("location_id", "product_id", "lot_id")


class FactoryStocktakeLine(models.Model):
    """One counted stock position (location, material, lot) of a stocktake.

    ``book_qty`` is the quantity on the books when the line was counted (or
    when counting started, until it is counted); ``difference`` = counted -
    book is what approval applies to the current stock.
    """

    _name = "factory.stocktake.line"
    _description = "Stocktake Line"
    _inherit = ["factory.protected.mixin"]
    _order = "stocktake_id, location_id, product_id, lot_id, id"
    # set when counting starts and by the count / reset / approve actions
    # (see factory.protected.mixin); the stored related and computed fields
    # follow the stocktake and the count, never a caller
    _factory_protected_fields = (
        "book_qty",
        "book_date",
        "is_counted",
        "is_new",
        "counted_by_id",
        "counted_on",
        "approved_by_id",
        "approved_on",
        "package_id",
        "owner_id",
        "company_id",
        "warehouse_id",
        "state",
        "stocktake_date",
        "categ_id",
        "difference",
        "has_difference",
        "accuracy_score",
        "value_diff",
        "approval_tier",
    )
    _factory_fixed_fields = ("stocktake_id",)

    stocktake_id = fields.Many2one(
        "factory.stocktake",
        "Stocktake",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="stocktake_id.company_id", store=True)
    warehouse_id = fields.Many2one(
        related="stocktake_id.warehouse_id", store=True, index=True
    )
    state = fields.Selection(related="stocktake_id.state", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    stocktake_date = fields.Date(
        related="stocktake_id.date_planned", store=True, string="Stocktake Date"
    )
    location_id = fields.Many2one(
        "stock.location",
        "Location",
        required=True,
        index=True,
        check_company=True,
        domain="[('usage', '=', 'internal'), ('warehouse_id', '=', warehouse_id)]",
    )
    product_id = fields.Many2one(
        "product.product",
        "Material",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
    )
    categ_id = fields.Many2one(related="product_id.categ_id", store=True)
    tracking = fields.Selection(related="product_id.tracking")
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    lot_id = fields.Many2one(
        "stock.lot",
        "Lot/Serial",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    package_id = fields.Many2one("stock.quant.package", "Package", readonly=True)
    owner_id = fields.Many2one("res.partner", "Owner", readonly=True)
    assigned_user_id = fields.Many2one("res.users", "Assigned Counter", index=True)
    book_qty = fields.Float(
        "Book Quantity",
        digits="Product Unit of Measure",
        readonly=True,
        help="Quantity on the books when the line was counted.",
    )
    book_date = fields.Datetime(
        "Book Quantity At", readonly=True, help="When the book quantity was read."
    )
    counted_qty = fields.Float("Counted Quantity", digits="Product Unit of Measure")
    is_counted = fields.Boolean("Counted", readonly=True, index=True)
    is_new = fields.Boolean(
        "Found", readonly=True, help="Found during counting: not in the books."
    )
    counted_by_id = fields.Many2one("res.users", "Counted By", readonly=True)
    counted_on = fields.Datetime("Counted On", readonly=True)
    difference = fields.Float(
        digits="Product Unit of Measure",
        compute="_compute_difference",
        store=True,
        help="Counted minus book quantity at count time.",
    )
    has_difference = fields.Boolean(compute="_compute_difference", store=True)
    accuracy_score = fields.Float(
        "Accuracy (%)",
        compute="_compute_difference",
        digits=False,
        store=True,
        aggregator="avg",
        help="100 for a line counted without difference, 0 otherwise.",
    )
    value_diff = fields.Monetary(
        "Difference Value",
        compute="_compute_value",
        store=True,
        groups="factory_stock.group_factory_cost",
    )
    unit_cost = fields.Float(
        "Unit Cost",
        compute="_compute_gain_loss",
        digits="Product Price",
        groups="factory_stock.group_factory_cost",
    )
    gain_value = fields.Monetary(
        compute="_compute_gain_loss", groups="factory_stock.group_factory_cost"
    )
    loss_value = fields.Monetary(
        compute="_compute_gain_loss", groups="factory_stock.group_factory_cost"
    )
    approval_tier = fields.Selection(
        [
            ("none", "No Difference"),
            ("supervisor", "Warehouse Supervisor"),
            ("manager", "Factory Manager"),
        ],
        compute="_compute_value",
        store=True,
        string="Approval By",
    )
    approved_by_id = fields.Many2one("res.users", "Approved By", readonly=True)
    approved_on = fields.Datetime("Approved On", readonly=True)

    _sql_constraints = [
        (
            "counted_qty_positive",
            "CHECK(counted_qty >= 0)",
            "Counted quantities cannot be negative.",
        )
    ]

    @api.depends("counted_qty", "book_qty", "is_counted")
    def _compute_difference(self):
        for line in self:
            diff = line.counted_qty - line.book_qty if line.is_counted else 0.0
            rounding = line.product_id.uom_id.rounding or 0.01
            has_diff = not float_is_zero(diff, precision_rounding=rounding)
            line.difference = diff if has_diff else 0.0
            line.has_difference = has_diff
            line.accuracy_score = 0.0 if has_diff else 100.0

    @api.depends("difference", "product_id", "company_id.factory_stocktake_threshold")
    def _compute_value(self):
        for company in self.company_id:
            lines = self.filtered(lambda line, c=company: line.company_id == c)
            # cost read by business code, one company environment per batch
            costs = {
                product.id: product.standard_price
                for product in lines.product_id.with_company(company)
            }
            threshold = company.factory_stocktake_threshold
            rounding = company.currency_id.rounding
            for line in lines:
                value = line.difference * costs.get(line.product_id.id, 0.0)
                line.value_diff = value
                if not line.has_difference:
                    line.approval_tier = "none"
                elif (
                    float_compare(abs(value), threshold, precision_rounding=rounding)
                    > 0
                ):
                    line.approval_tier = "manager"
                else:
                    line.approval_tier = "supervisor"
        for line in self.filtered(lambda line: not line.company_id):
            line.value_diff = 0.0
            line.approval_tier = "none"

    @api.depends("value_diff", "product_id")
    def _compute_gain_loss(self):
        for line in self:
            line.unit_cost = line.product_id.with_company(
                line.company_id
            ).standard_price
            line.gain_value = max(line.value_diff, 0.0)
            line.loss_value = min(line.value_diff, 0.0)

    @api.depends("location_id", "product_id", "lot_id")
    def _compute_display_name(self):
        for line in self:
            parts = [line.location_id.display_name, line.product_id.display_name]
            if line.lot_id:
                parts.append(line.lot_id.name)
            line.display_name = " / ".join(p for p in parts if p)

    @api.constrains(*KEY_FIELDS, "stocktake_id")
    def _check_unique_position(self):
        groups = self._read_group(
            [("stocktake_id", "in", self.stocktake_id.ids)],
            ["stocktake_id", *KEY_FIELDS],
            having=[("__count", ">", 1)],
        )
        if groups:
            stocktake, location, product, lot = groups[0][:4]
            raise ValidationError(
                self.env._(
                    "%(ref)s already has a line for %(what)s: count on that line.",
                    ref=stocktake.name,
                    what=" / ".join(
                        r.display_name for r in (location, product, lot) if r
                    ),
                )
            )

    # input checks ------------------------------------------------------------
    def _check_qty_input(self, vals):
        if "counted_qty" not in vals:
            return
        qty = vals["counted_qty"]
        if isinstance(qty, bool) or not isinstance(qty, (int, float)):
            raise ValidationError(
                self.env._("The counted quantity must be a number, not %r.", qty)
            )
        if qty < 0:
            raise ValidationError(
                self.env._("The counted quantity cannot be negative (%s).", qty)
            )

    def _check_position(self):
        """Location inside the stocktake, lot of the material, lot given when
        the material is tracked."""
        for stocktake in self.stocktake_id:
            stocktake._check_in_scope(
                self.filtered(
                    lambda line, s=stocktake: line.stocktake_id == s
                ).location_id
            )
        for line in self:
            if line.lot_id and line.lot_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s belongs to %(other)s, not to %(product)s.",
                        lot=line.lot_id.name,
                        other=line.lot_id.product_id.display_name,
                        product=line.product_id.display_name,
                    )
                )
            if not line.product_id.is_storable:
                raise ValidationError(
                    self.env._(
                        "%s is not a stock-tracked material.",
                        line.product_id.display_name,
                    )
                )
            if (
                line.is_counted
                and line.product_id.tracking != "none"
                and not line.lot_id
                and line.counted_qty > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%s is tracked by lot or serial number: enter the lot.",
                        line.product_id.display_name,
                    )
                )
            if (
                line.is_counted
                and line.product_id.tracking == "serial"
                and float_compare(
                    line.counted_qty, 1, precision_rounding=line.product_uom_id.rounding
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "Serial number %s can only be counted once.", line.lot_id.name
                    )
                )

    def _check_can_count(self):
        supervisor = self.env.user.has_group(SUPERVISOR)
        for line in self:
            if line.stocktake_id.state != "counting":
                raise UserError(
                    self.env._(
                        "%s is not being counted: quantities cannot be entered.",
                        line.stocktake_id.name,
                    )
                )
            if (
                not supervisor
                and line.assigned_user_id
                and line.assigned_user_id != self.env.user
            ):
                raise UserError(
                    self.env._(
                        "%(line)s is assigned to %(user)s.",
                        line=line.display_name,
                        user=line.assigned_user_id.name,
                    )
                )

    def _book_quantities(self):
        """Current book quantity of each line's position (one query)."""
        groups = self.env["stock.quant"]._read_group(
            [
                ("location_id", "in", self.location_id.ids),
                ("product_id", "in", self.product_id.ids),
            ],
            list(KEY_FIELDS),
            ["quantity:sum"],
        )
        book = {tuple(r.id for r in key): qty for *key, qty in groups}
        return {line: book.get(quant_key(line), 0.0) for line in self}

    def _snapshot_count(self):
        """Record who counted, when, and the book quantity at that moment."""
        now = fields.Datetime.now()
        with factory_protected_writer(self._name):
            for line, qty in self._book_quantities().items():
                line.book_qty = qty
            self.write(
                {
                    "book_date": now,
                    "is_counted": True,
                    "counted_by_id": self.env.user.id,
                    "counted_on": now,
                }
            )

    def _check_assignment_change(self, vals):
        """Only supervisors (re)assign counters: a counter taking over a line
        assigned to someone else would pass the counting check."""
        if "assigned_user_id" not in vals or self.env.user.has_group(SUPERVISOR):
            return
        new_user = vals["assigned_user_id"] or False
        if self.filtered(lambda line: line.assigned_user_id.id != new_user):
            raise AccessError(
                self.env._("Only warehouse supervisors can assign counters.")
            )

    # CRUD ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [factory_clean_vals(self, vals) for vals in vals_list]
        for vals in vals_list:
            self._check_qty_input(vals)
        lines = super().create(vals_list)
        if any(s.state not in ("draft", "counting") for s in lines.stocktake_id):
            raise UserError(
                self.env._("Lines can only be added to a stocktake being counted.")
            )
        lines._check_position()
        counting = lines.filtered(lambda line: line.stocktake_id.state == "counting")
        counting.filtered(lambda line: not line.book_qty)._factory_write(
            {"is_new": True}
        )
        counted = lines.browse(
            line.id
            for line, vals in zip(lines, vals_list, strict=True)
            if "counted_qty" in vals and line.stocktake_id.state == "counting"
        )
        if counted:
            counted._check_can_count()
            counted._snapshot_count()
            counted._check_position()
        return lines

    def write(self, vals):
        self._factory_check_write(vals)  # a forged field is refused as such
        vals = factory_clean_vals(self, vals)
        self._check_qty_input(vals)
        if any(f in vals for f in EDITABLE_KEY_FIELDS) and self.filtered(
            lambda line: not line.is_new
        ):
            raise UserError(
                self.env._(
                    "The location, material and lot of a planned line cannot be "
                    "changed: add a new line for what you found."
                )
            )
        if not self._factory_is_trusted_writer():
            self._check_assignment_change(vals)
        if "counted_qty" in vals:
            self._check_can_count()
        res = super().write(vals)
        if "counted_qty" in vals:
            self._snapshot_count()
        if "counted_qty" in vals or any(f in vals for f in KEY_FIELDS):
            self._check_position()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_found(self):
        for line in self:
            if line.stocktake_id.state not in ("draft", "cancel") and not line.is_new:
                raise UserError(
                    self.env._(
                        "Planned lines cannot be deleted; count them (0 if the "
                        "material is not there)."
                    )
                )

    def action_reset_count(self):
        """Counter: undo a count entered by mistake."""
        self._check_can_count()
        with factory_protected_writer(self._name):
            # not write(): that would count the 0 again
            super().write(
                {
                    "counted_qty": 0.0,
                    "is_counted": False,
                    "counted_by_id": False,
                    "counted_on": False,
                }
            )
        return True
