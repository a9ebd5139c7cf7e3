from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.factory_stock.models.factory_protected import (
    factory_protected_writer,
)

WORKSHOP_SUPERVISOR = "factory_stock.group_workshop_supervisor"
OPEN_STATES = ("approved", "partial")
# what a request says it is for and where: fixed once it is submitted
DRAFT_ONLY_FIELDS = ("company_id", "warehouse_id", "cost_center_id", "date_required")


class FactoryMaterialRequest(models.Model):
    """Material request (领料单): what a manufacturing order or a cost center
    asks the warehouse for. Approved, it becomes Odoo's own transfer (or the
    order's component moves); what was issued is read from the done moves."""

    _name = "factory.material.request"
    _description = "Material Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "factory.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # written by the request's own actions only (see factory.protected.mixin):
    # the order's Request Material sets the order, submit / approve / issue /
    # close the rest
    _factory_protected_fields = (
        "name",
        "production_id",
        "requested_by_id",
        "state",
        "shortage_submitted",
        "approved_by_id",
        "approved_on",
        "issue_mode",
        "issue_location_id",
        "picking_ids",
        "return_picking_ids",
        "over_issue_approved_by_id",
        "over_issue_approved_on",
    )

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        tracking=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    production_id = fields.Many2one(
        "mrp.production",
        "Manufacturing Order",
        check_company=True,
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
    )
    cost_center_id = fields.Many2one(
        "factory.cost.center", "Cost Center", check_company=True, tracking=True
    )
    requested_by_id = fields.Many2one(
        "res.users",
        "Requested By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    date_required = fields.Datetime(
        "Needed On", default=fields.Datetime.now, tracking=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("partial", "Partially Issued"),
            ("issued", "Issued"),
            ("closed", "Closed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    line_ids = fields.One2many(
        "factory.material.request.line", "request_id", "Lines", copy=True
    )
    note = fields.Text()
    shortage_submitted = fields.Boolean(
        "Submitted with Shortage", readonly=True, copy=False, tracking=True
    )
    approved_by_id = fields.Many2one(
        "res.users", "Approved By", readonly=True, copy=False, tracking=True
    )
    approved_on = fields.Datetime(readonly=True, copy=False)
    issue_mode = fields.Selection(
        [
            ("picking", "Transfer"),
            ("production_moves", "Order Component Moves"),
        ],
        readonly=True,
        copy=False,
        help="Transfer: issued by an Odoo transfer (ad hoc requests, and the "
        "component picking of orders in warehouses that pick components "
        "first). Order Component Moves: in one-step manufacturing the request "
        "reserves the order's own component moves, consumed by the order.",
    )
    issue_location_id = fields.Many2one(
        "stock.location", "Issued To", readonly=True, copy=False
    )
    picking_ids = fields.One2many(
        "stock.picking", "factory_material_request_id", "Transfers", readonly=True
    )
    return_picking_ids = fields.One2many(
        "stock.picking", "factory_mr_return_request_id", "Returns", readonly=True
    )
    picking_count = fields.Integer(compute="_compute_picking_count")
    over_issue_reason = fields.Text(
        "Over-issue Reason",
        tracking=True,
        copy=False,
        help="Why more than requested (beyond the category tolerance) may be "
        "issued; approved by a workshop supervisor.",
    )
    over_issue_approved_by_id = fields.Many2one(
        "res.users", "Over-issue Approved By", readonly=True, copy=False, tracking=True
    )
    over_issue_approved_on = fields.Datetime(readonly=True, copy=False)

    @api.depends("picking_ids", "return_picking_ids")
    def _compute_picking_count(self):
        for request in self:
            request.picking_count = len(request.picking_ids) + len(
                request.return_picking_ids
            )

    @api.model_create_multi
    def create(self, vals_list):
        records = self._factory_check_create(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("factory.material.request")
                    or "/"
                )
        with factory_protected_writer(self._name):
            return super(FactoryMaterialRequest, records).create(vals_list)

    def write(self, vals):
        if not self._factory_is_trusted_writer():
            self._factory_check_editable(vals)
        return super().write(vals)

    def _factory_check_editable(self, vals):
        """What the request is for, and the over-issue reason once approved,
        stay as they were submitted / approved."""
        changed = set(vals) & set(DRAFT_ONLY_FIELDS)
        sent = self.filtered(lambda r: r.state != "draft")
        if changed and sent:
            raise UserError(
                self.env._(
                    "%(fields)s of %(requests)s cannot be changed after submission.",
                    fields=", ".join(
                        sorted(
                            self._fields[f]._description_string(self.env)
                            for f in changed
                        )
                    ),
                    requests=", ".join(sent.mapped("name")),
                )
            )
        if "over_issue_reason" in vals and self.filtered("over_issue_approved_by_id"):
            raise UserError(
                self.env._(
                    "The over-issue of %s was approved with its reason: the reason "
                    "cannot be changed any more.",
                    ", ".join(
                        self.filtered("over_issue_approved_by_id").mapped("name")
                    ),
                )
            )

    def unlink(self):
        if any(request.state not in ("draft", "cancel") for request in self):
            raise UserError(
                self.env._("Only draft or cancelled material requests can be deleted.")
            )
        return super().unlink()

    # ------------------------------------------------------------------ submit
    def action_submit(self):
        return self._factory_submit(with_shortage=False)

    def action_submit_with_shortage(self):
        return self._factory_submit(with_shortage=True)

    def _factory_submit(self, with_shortage):
        for request in self:
            request._factory_check_submittable()
        shortages = self._factory_shortages()
        if shortages and not with_shortage:
            raise UserError(
                self.env._(
                    "Not enough available stock for:\n%s\nSubmit with shortage to "
                    "send the request anyway; purchasing then gets a to-do.",
                    self._factory_shortage_text(shortages),
                )
            )
        for request in self:
            short = shortages.get(request, [])
            request._factory_write(
                {"state": "submitted", "shortage_submitted": bool(short)}
            )
            if short:
                request._factory_notify_purchasers(short)
            request.message_post(
                body=self.env._("Submitted by %s.", self.env.user.name)
            )
        self.filtered(
            lambda r: not r.company_id.factory_mr_approval_required
        )._factory_approve()
        return True

    def _factory_check_submittable(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("%s was already submitted.", self.name))
        if not self.line_ids:
            raise UserError(self.env._("%s has no material to request.", self.name))
        if not self.production_id and not self.cost_center_id:
            raise UserError(
                self.env._(
                    "%s needs a manufacturing order or a cost center.", self.name
                )
            )
        if self.production_id.state in ("draft", "done", "cancel"):
            raise UserError(
                self.env._(
                    "The manufacturing order %s must be confirmed and not finished.",
                    self.production_id.name,
                )
            )

    def _factory_notify_purchasers(self, short):
        self.ensure_one()
        purchasers = self.env.ref("factory_stock.group_purchaser").sudo().users
        # each purchaser's to-do in the purchaser's language
        for user in purchasers:
            in_lang = self.with_context(lang=user.lang or "en_US")
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=in_lang.env._("Shortage on material request %s", self.name),
                note=in_lang._factory_shortage_note(short),
                user_id=user.id,
            )
        self.message_post(
            body=Markup("%s<br/>%s")
            % (
                self.env._("Submitted with shortage:"),
                self._factory_shortage_note(short),
            )
        )

    def _factory_shortage_note(self, short):
        """What is missing, in the language of the environment."""
        env = self.env
        return Markup("<br/>").join(
            env._(
                "%(product)s: %(missing)s %(uom)s missing",
                product=line.product_id.with_env(env).display_name,
                missing=line.product_qty - max(available, 0.0),
                uom=line.product_uom_id.with_env(env).name,
            )
            for line, available in short
        )

    # ---------------------------------------------------------------- approve
    def action_approve(self):
        if not self.env.user.has_group(WORKSHOP_SUPERVISOR):
            raise AccessError(
                self.env._("Only a workshop supervisor can approve material requests.")
            )
        for request in self:
            if request.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only submitted requests can be approved: %s", request.name
                    )
                )
            if request.requested_by_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You requested %s yourself: another workshop supervisor must "
                        "approve it.",
                        request.name,
                    )
                )
        self._factory_write(
            {"approved_by_id": self.env.user.id, "approved_on": fields.Datetime.now()}
        )
        self._factory_approve()
        return True

    def _factory_approve(self):
        for request in self:
            request._factory_prepare_issue()
            request._factory_write({"state": "approved"})
            request.message_post(
                body=self.env._("Approved by %s.", request.approved_by_id.name)
                if request.approved_by_id
                else self.env._("Approved automatically (no approval required).")
            )

    def _factory_prepare_issue(self):
        """Make the approved request Odoo's own reserved issue."""
        self.ensure_one()
        production = self.production_id
        if not production:
            picking = self._factory_create_adhoc_transfer()
            self._factory_write(
                {
                    "issue_mode": "picking",
                    "issue_location_id": picking.location_dest_id.id,
                }
            )
            return
        if production.state in ("draft", "done", "cancel"):
            raise UserError(
                self.env._(
                    "The manufacturing order %s must be confirmed and not finished.",
                    production.name,
                )
            )
        warehouse = production.warehouse_id
        if warehouse.manufacture_steps != "mrp_one_step":
            # Odoo already planned the component picking (pbm): it is the issue.
            pickings = production.picking_ids.filtered(
                lambda p: (
                    p.picking_type_id == warehouse.pbm_type_id
                    and p.state not in ("done", "cancel")
                )
            )
            if not pickings:
                raise UserError(
                    self.env._(
                        "%s has no open component transfer to issue.", production.name
                    )
                )
            taken = pickings.factory_material_request_id - self
            if taken:
                raise UserError(
                    self.env._(
                        "The component transfer of %(order)s is issued by %(other)s.",
                        order=production.name,
                        other=", ".join(taken.mapped("name")),
                    )
                )
            pickings._factory_write({"factory_material_request_id": self.id})
            pickings.action_assign()
            self._factory_write(
                {
                    "issue_mode": "picking",
                    "issue_location_id": pickings[:1].location_dest_id.id,
                }
            )
            return
        # One step: no second consumption; the order's component moves are the
        # issue, reserved now and consumed by the order.
        moves = production.move_raw_ids.filtered(
            lambda m: (
                m.state not in ("done", "cancel")
                and m.product_id in self.line_ids.product_id
            )
        )
        moves._factory_write({"factory_material_request_id": self.id})
        moves._action_assign()
        self._factory_write(
            {
                "issue_mode": "production_moves",
                "issue_location_id": production.production_location_id.id,
            }
        )

    def _factory_create_adhoc_transfer(self):
        warehouse = self.warehouse_id
        destination = self.cost_center_id.location_id
        source = warehouse.lot_stock_id
        picking = self.env["stock.picking"]._factory_create(
            {
                "picking_type_id": warehouse.int_type_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "origin": self.name,
                "company_id": self.company_id.id,
                "factory_material_request_id": self.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.name,
                            "product_id": line.product_id.id,
                            "product_uom": line.product_uom_id.id,
                            "product_uom_qty": line.product_qty,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                    for line in self.line_ids
                ],
            }
        )
        picking.action_confirm()
        # the preferred lots first, then Odoo's removal strategy for the rest
        lots = {line.product_id: line.lot_id for line in self.line_ids if line.lot_id}
        preferred = picking.move_ids.filtered(lambda m: m.product_id in lots)
        if preferred:
            preferred._do_unreserve()
            for move in preferred:
                move._update_reserved_quantity(
                    move.product_qty, source, lot_id=lots[move.product_id], strict=False
                )
            preferred._recompute_state()
        picking.action_assign()
        return picking

    def action_approve_over_issue(self):
        """Workshop supervisor allows issuing more than requested, with a reason."""
        if not self.env.user.has_group(WORKSHOP_SUPERVISOR):
            raise AccessError(
                self.env._("Only a workshop supervisor can approve an over-issue.")
            )
        for request in self:
            reason = (request.over_issue_reason or "").strip()
            if not reason:
                raise UserError(
                    self.env._("Enter the over-issue reason on %s first.", request.name)
                )
            if request.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "Only approved requests that are being issued can get an "
                        "over-issue approval: %s",
                        request.name,
                    )
                )
            request._factory_write(
                {
                    "over_issue_approved_by_id": self.env.user.id,
                    "over_issue_approved_on": fields.Datetime.now(),
                }
            )
            request.message_post(
                body=self.env._(
                    "Over-issue approved by %(user)s. Reason: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        return True

    # ------------------------------------------------------- close / cancel
    def action_close(self):
        for request in self:
            if request.state not in ("approved", "partial", "issued"):
                raise UserError(
                    self.env._("Only approved requests can be closed: %s", request.name)
                )
        self._factory_release_issue()
        self._factory_write({"state": "closed"})
        for request in self:
            request.message_post(body=self.env._("Closed by %s.", self.env.user.name))
        return True

    def action_cancel(self):
        for request in self:
            if request.state not in ("draft", "submitted", "approved"):
                raise UserError(
                    self.env._(
                        "%s was (partly) issued: close it instead of cancelling.",
                        request.name,
                    )
                )
        self._factory_release_issue()
        self._factory_write({"state": "cancel"})
        for request in self:
            request.message_post(
                body=self.env._("Cancelled by %s.", self.env.user.name)
            )
        return True

    def _factory_release_issue(self):
        """What is not issued yet stops being part of the request: ad hoc
        transfers are cancelled; the order's own picking or moves stay Odoo's."""
        pickings = self.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        adhoc = pickings.filtered(
            lambda p: not p.factory_material_request_id.production_id
        )
        adhoc.action_cancel()
        (pickings - adhoc)._factory_write({"factory_material_request_id": False})
        moves = self.env["stock.move"].search(
            [
                ("factory_material_request_id", "in", self.ids),
                ("state", "not in", ("done", "cancel")),
            ]
        )
        moves._factory_write({"factory_material_request_id": False})

    # -------------------------------------------------------------- actions
    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action.update(
            domain=[("id", "in", (self.picking_ids | self.return_picking_ids).ids)],
            context={"create": False},
        )
        return action

    def action_scan_issue(self):
        """Open the barcode view on this request's open transfer (operation
        issue of factory.scan)."""
        self.ensure_one()
        picking = self.picking_ids.filtered(
            lambda p: p.state in ("confirmed", "waiting", "assigned")
        )[:1]
        if self.state not in OPEN_STATES or not picking:
            raise UserError(
                self.env._("%s has no open transfer to issue by scanning.", self.name)
            )
        return {
            "type": "ir.actions.client",
            "tag": "factory_scan",
            "name": self.env._("Issue %s", self.name),
            "params": {"operation": "issue", "picking_id": picking.id},
        }

    def action_return(self):
        self.ensure_one()
        return self.env["factory.material.return"]._factory_open(request=self)
