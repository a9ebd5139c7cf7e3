from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..amount_cn import amount_to_chinese

ACCOUNTANT = "factory_stock.group_accountant"
MONEY = "factory_stock.group_factory_cost"


class FactoryOutsourcingStatement(models.Model):
    """The reconciliation statement (对账单) of one subcontractor for a period:
    its receipts with the fee, deductions, the balance carried over and the
    total in figures and in Chinese capitals. Confirmed by the subcontractor,
    then billed as one draft vendor bill."""

    _name = "factory.outsourcing.statement"
    _inherit = ["mail.thread", "mail.activity.mixin", "factory.protected.mixin"]
    _description = "Outsourcing Reconciliation Statement"
    _order = "date_to desc, id desc"
    _check_company_auto = True
    _factory_protected_fields = (
        "name",
        "state",
        "line_ids",
        "previous_balance",
        "previous_statement_id",
        "sent_by_id",
        "sent_date",
        "confirmed_by_id",
        "confirmed_date",
        "billed_by_id",
        "billed_date",
        "bill_id",
    )

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Subcontractor",
        required=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("confirmed", "Confirmed"),
            ("billed", "Billed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    line_ids = fields.One2many(
        "factory.outsourcing.statement.line",
        "statement_id",
        string="Receipts",
        readonly=True,
    )
    deduction_ids = fields.One2many(
        "factory.outsourcing.statement.deduction",
        "statement_id",
        string="Deductions",
        copy=False,
    )
    amount_fee = fields.Monetary(
        string="Processing Fees",
        compute="_compute_amounts",
        store=True,
        groups=MONEY,
    )
    amount_deduction = fields.Monetary(
        string="Deductions Total",
        compute="_compute_amounts",
        store=True,
        groups=MONEY,
    )
    amount_total = fields.Monetary(
        string="Amount Due",
        compute="_compute_amounts",
        store=True,
        groups=MONEY,
        help="Processing fees (taxes included) less deductions.",
    )
    amount_total_cn = fields.Char(
        string="Amount in Words (大写)",
        compute="_compute_amounts",
        store=True,
        groups=MONEY,
    )
    previous_statement_id = fields.Many2one(
        "factory.outsourcing.statement",
        string="Previous Statement",
        readonly=True,
        copy=False,
    )
    previous_balance = fields.Monetary(
        string="Previous Balance",
        readonly=True,
        copy=False,
        groups=MONEY,
        help="Closing balance of the subcontractor's last confirmed statement.",
    )
    payments = fields.Monetary(
        string="Payments in Period",
        tracking=True,
        groups=MONEY,
        help="What was paid to the subcontractor during the period.",
    )
    closing_balance = fields.Monetary(
        string="Closing Balance",
        compute="_compute_closing_balance",
        store=True,
        groups=MONEY,
    )
    closing_balance_cn = fields.Char(
        string="Closing Balance in Words (大写)",
        compute="_compute_closing_balance",
        store=True,
        groups=MONEY,
    )
    sent_by_id = fields.Many2one("res.users", "Sent By", readonly=True, copy=False)
    sent_date = fields.Datetime("Sent On", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one(
        "res.users", "Confirmation Recorded By", readonly=True, copy=False
    )
    confirmed_date = fields.Datetime("Confirmed On", readonly=True, copy=False)
    confirmed_contact = fields.Char(
        "Confirmed By (Subcontractor)",
        tracking=True,
        copy=False,
        help="Who signed the statement at the subcontractor.",
    )
    signed_copy = fields.Binary("Signed Copy", attachment=True, copy=False)
    signed_copy_name = fields.Char("Signed Copy File Name", copy=False)
    billed_by_id = fields.Many2one("res.users", "Billed By", readonly=True, copy=False)
    billed_date = fields.Datetime("Billed On", readonly=True, copy=False)
    bill_id = fields.Many2one(
        "account.move", string="Vendor Bill", readonly=True, copy=False
    )
    note = fields.Text("Notes")

    @api.depends(
        "line_ids.amount_total", "deduction_ids.amount", "currency_id", "company_id"
    )
    def _compute_amounts(self):
        for statement in self:
            fee = sum(statement.line_ids.mapped("amount_total"))
            deduction = sum(statement.deduction_ids.mapped("amount"))
            statement.amount_fee = fee
            statement.amount_deduction = deduction
            statement.amount_total = statement.currency_id.round(fee - deduction)
            statement.amount_total_cn = amount_to_chinese(statement.amount_total)

    @api.depends("previous_balance", "amount_total", "payments")
    def _compute_closing_balance(self):
        for statement in self:
            closing = statement.currency_id.round(
                statement.previous_balance + statement.amount_total - statement.payments
            )
            statement.closing_balance = closing
            statement.closing_balance_cn = amount_to_chinese(closing)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for statement in self:
            if statement.date_from > statement.date_to:
                raise ValidationError(
                    self.env._(
                        "The period of %(statement)s ends (%(end)s) before it starts "
                        "(%(start)s).",
                        statement=statement.name,
                        start=statement.date_from,
                        end=statement.date_to,
                    )
                )

    @api.constrains("payments")
    def _check_payments(self):
        for statement in self:
            if statement.payments < 0:
                raise ValidationError(
                    self.env._("Payments of %s cannot be negative.", statement.name)
                )

    @api.constrains("state", "date_from", "date_to", "partner_id")
    def _check_confirmed_overlap(self):
        done = self.filtered(lambda s: s.state in ("confirmed", "billed"))
        for statement in done:
            other = self.search(
                [
                    ("id", "!=", statement.id),
                    ("partner_id", "=", statement.partner_id.id),
                    ("company_id", "=", statement.company_id.id),
                    ("state", "in", ("confirmed", "billed")),
                    ("date_from", "<=", statement.date_to),
                    ("date_to", ">=", statement.date_from),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "The period of %(statement)s (%(start)s – %(end)s) overlaps "
                        "the confirmed statement %(other)s (%(other_start)s – "
                        "%(other_end)s) of %(partner)s.",
                        statement=statement.name,
                        start=statement.date_from,
                        end=statement.date_to,
                        other=other.name,
                        other_start=other.date_from,
                        other_end=other.date_to,
                        partner=statement.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        for record in records:
            record._factory_write(
                {
                    "name": self.env["ir.sequence"].next_by_code(
                        "factory.outsourcing.statement"
                    )
                    or "/"
                }
            )
        return records

    # what may still change once a statement has left draft
    _factory_open_fields_sent = {"signed_copy", "signed_copy_name", "confirmed_contact"}

    def write(self, vals):
        self._factory_check_write(vals)
        if not self._factory_is_trusted_writer():
            for statement in self:
                allowed = (
                    self._factory_open_fields_sent
                    if statement.state in ("sent", "confirmed")
                    else set()
                )
                if statement.state != "draft" and set(vals) - allowed - {
                    "message_main_attachment_id"
                }:
                    raise UserError(
                        self.env._(
                            "%(statement)s is %(state)s: only a draft statement can "
                            "be changed.",
                            statement=statement.name,
                            state=dict(
                                self._fields["state"]._description_selection(self.env)
                            )[statement.state],
                        )
                    )
        return super().write(vals)

    def unlink(self):
        if any(statement.state != "draft" for statement in self):
            raise UserError(self.env._("Only draft statements can be deleted."))
        return super().unlink()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def _factory_check_state(self, allowed, action):
        for statement in self:
            if statement.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(statement)s cannot be %(action)s in its state %(state)s.",
                        statement=statement.name,
                        action=action,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[statement.state],
                    )
                )

    def _factory_check_accountant(self, action):
        if not self.env.su and not self.env.user.has_group(ACCOUNTANT):
            raise AccessError(
                self.env._("Only Accountants can %s outsourcing statements.", action)
            )

    def action_load_receipts(self):
        """(Re)load the subcontractor's receipts of the period as lines."""
        self._factory_check_state(("draft",), self.env._("reloaded"))
        Line = self.env["factory.outsourcing.statement.line"]
        for statement in self:
            moves, inspections = statement._factory_receipt_moves()
            vals_list = [
                Line._factory_prepare_vals(statement, move, inspections.get(move, ()))
                for move in moves
            ]
            previous = self.search(
                [
                    ("partner_id", "=", statement.partner_id.id),
                    ("company_id", "=", statement.company_id.id),
                    ("state", "in", ("confirmed", "billed")),
                    ("date_to", "<", statement.date_from),
                ],
                order="date_to desc, id desc",
                limit=1,
            )
            statement.line_ids._factory_unlink()
            Line._factory_create(vals_list)
            statement._factory_write(
                {
                    "previous_statement_id": previous.id,
                    "previous_balance": previous.closing_balance,
                }
            )
        return True

    def _factory_receipt_moves(self):
        """Done receipts from the subcontractor in the period that no other
        statement holds, and {move: its confirmed inspections}. A receipt in
        quarantine is left out until its inspection is confirmed: only the
        quantity passed is paid."""
        self.ensure_one()
        taken = self.env["factory.outsourcing.statement.line"].search(
            [("statement_id", "!=", self.id)]
        )
        start = fields.Datetime.to_datetime(self.date_from)
        end = fields.Datetime.add(fields.Datetime.to_datetime(self.date_to), days=1)
        moves = self.env["stock.move"].search(
            [
                ("state", "=", "done"),
                ("is_subcontract", "=", True),
                ("purchase_line_id", "!=", False),
                ("purchase_line_id.partner_id", "child_of", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("date", ">=", start),
                ("date", "<", end),
                ("id", "not in", taken.move_id.ids),
            ],
            order="date, id",
        )
        inspections = {}
        for inspection in self.env["factory.qc.inspection"].search(
            [("move_line_id", "in", moves.move_line_ids.ids), ("state", "!=", "cancel")]
        ):
            inspections.setdefault(inspection.move_line_id.move_id, []).append(
                inspection
            )
        pending = {
            move
            for move, found in inspections.items()
            if any(inspection.state != "confirmed" for inspection in found)
        }
        return moves.filtered(lambda move: move not in pending), inspections

    def action_send(self):
        self._factory_check_state(("draft",), self.env._("sent"))
        for statement in self:
            if not statement.line_ids and not statement.deduction_ids:
                raise UserError(
                    self.env._(
                        "%s has no receipt and no deduction: load the receipts first.",
                        statement.name,
                    )
                )
        self._factory_write(
            {
                "state": "sent",
                "sent_by_id": self.env.user.id,
                "sent_date": fields.Datetime.now(),
            }
        )
        return True

    def action_back_to_draft(self):
        self._factory_check_state(("sent",), self.env._("set back to draft"))
        self._factory_write({"state": "draft", "sent_by_id": False, "sent_date": False})
        return True

    def action_confirm(self):
        """Record the subcontractor's confirmation (Accountants only)."""
        self._factory_check_accountant(self.env._("confirm"))
        self._factory_check_state(("sent",), self.env._("confirmed"))
        self._factory_write(
            {
                "state": "confirmed",
                "confirmed_by_id": self.env.user.id,
                "confirmed_date": fields.Datetime.now(),
            }
        )
        return True

    def action_bill(self):
        """Create the draft vendor bill with the statement's lines and total."""
        self._factory_check_accountant(self.env._("bill"))
        self._factory_check_state(("confirmed",), self.env._("billed"))
        for statement in self:
            bill = self.env["account.move"].create(statement._factory_prepare_bill())
            statement._factory_write(
                {
                    "state": "billed",
                    "bill_id": bill.id,
                    "billed_by_id": self.env.user.id,
                    "billed_date": fields.Datetime.now(),
                }
            )
            statement.message_post(
                body=self.env._("Vendor bill %s created.", bill._get_html_link())
            )
        return self.action_view_bill() if len(self) == 1 else True

    def _factory_prepare_bill(self):
        self.ensure_one()
        lines = []
        for line in self.line_ids:
            vals = line.purchase_line_id._prepare_account_move_line()
            vals.update(
                {
                    "quantity": line.quantity,
                    "price_unit": line.price_unit,
                    "tax_ids": [(6, 0, line.tax_ids.ids)],
                    "name": line.name,
                }
            )
            lines.append((0, 0, vals))
        for deduction in self.deduction_ids:
            lines.append(
                (
                    0,
                    0,
                    {
                        "name": deduction.name,
                        "quantity": 1,
                        "price_unit": -deduction.amount,
                        "tax_ids": [(6, 0, [])],
                    },
                )
            )
        return {
            "move_type": "in_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "ref": self.name,
            "invoice_origin": self.name,
            "invoice_line_ids": lines,
        }

    def _factory_balance_rows(self):
        """The subcontractor's material balance to date (sent, consumed,
        returned, scrapped, held per material)."""
        self.ensure_one()
        return self.env["factory.outsourcing.balance"].search(
            [("partner_id", "=", self.partner_id.commercial_partner_id.id)]
        )

    def action_view_material_balance(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "factory_outsourcing.factory_outsourcing_balance_action"
        )
        action["domain"] = [
            ("partner_id", "=", self.partner_id.commercial_partner_id.id)
        ]
        action["context"] = {}
        return action

    def action_view_bill(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.bill_id.id,
            "view_mode": "form",
        }
