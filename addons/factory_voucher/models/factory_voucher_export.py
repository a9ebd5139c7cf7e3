import base64
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero

from .factory_voucher_layout import SUMMARY_LENGTH, voucher_xlsx
from .factory_voucher_map import DEFAULT_VOUCHER_WORD, VOUCHER_WORD_CHARS

ACCOUNTANT = "factory_stock.group_accountant"
MONEY = "factory_stock.group_factory_cost"
TARGETS = [
    ("kingdee", "Kingdee KIS"),
    ("yonyou", "Yonyou (T+ / U8)"),
]
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# pg_advisory_xact_lock class id of the exports of a company
_LOCK_CLASS = 742_018


class FactoryVoucherExport(models.Model):
    """One export of the posted journal entries of a period into the voucher
    import layout of Kingdee or Yonyou: who exported, when, the file and its
    totals. A period is exported once per target: another export of an
    overlapping period is refused while this one is done; an Accountant
    cancels it first, with a reason. Every field is written by the model's
    own methods only (the export wizard and the cancellation)."""

    _name = "factory.voucher.export"
    _inherit = ["mail.thread", "factory.protected.mixin"]
    _description = "Voucher Export"
    _order = "date_from desc, id desc"
    _factory_protected_fields = (
        "name",
        "company_id",
        "target",
        "date_from",
        "date_to",
        "journal_ids",
        "user_id",
        "export_date",
        "attachment_id",
        "move_count",
        "line_count",
        "debit_total",
        "credit_total",
        "numbering",
        "state",
        "cancel_reason",
        "cancelled_by_id",
        "cancel_date",
    )

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    target = fields.Selection(TARGETS, required=True, readonly=True)
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    journal_ids = fields.Many2many(
        "account.journal", string="Journals", readonly=True, copy=False
    )
    user_id = fields.Many2one(
        "res.users", string="Exported by", required=True, readonly=True
    )
    export_date = fields.Datetime(string="Exported on", required=True, readonly=True)
    attachment_id = fields.Many2one(
        "ir.attachment", string="File", readonly=True, copy=False
    )
    file_name = fields.Char(related="attachment_id.name", string="File Name")
    move_count = fields.Integer(string="Vouchers", readonly=True)
    line_count = fields.Integer(string="Voucher Lines", readonly=True)
    debit_total = fields.Monetary(
        string="Debit Total", readonly=True, groups=MONEY, currency_field="currency_id"
    )
    credit_total = fields.Monetary(
        string="Credit Total", readonly=True, groups=MONEY, currency_field="currency_id"
    )
    # the last voucher number used per "YYYY-MM|word": the next export of a
    # later part of the month continues after it
    numbering = fields.Json(readonly=True, copy=False)
    state = fields.Selection(
        [("done", "Exported"), ("cancelled", "Cancelled")],
        required=True,
        default="done",
        readonly=True,
        tracking=True,
        index=True,
    )
    cancel_reason = fields.Text(readonly=True, tracking=True)
    cancelled_by_id = fields.Many2one("res.users", string="Cancelled by", readonly=True)
    cancel_date = fields.Datetime(string="Cancelled on", readonly=True)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A voucher export is the record of what was sent to the "
                    "accounting software: cancel it instead of deleting it."
                )
            )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_download(self):
        self.ensure_one()
        self._factory_check_accountant()
        if not self.attachment_id:
            raise UserError(self.env._("This export has no file."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    def action_open_cancel(self):
        self.ensure_one()
        self._factory_check_accountant()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Voucher Export"),
            "res_model": "factory.voucher.export.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_export_id": self.id},
        }

    def _factory_cancel(self, reason):
        """Cancel done exports (the cancellation wizard): the period may be
        exported again."""
        self._factory_check_accountant()
        self.check_access("write")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason of the cancellation."))
        if self.filtered(lambda e: e.state != "done"):
            raise UserError(self.env._("Only a done export can be cancelled."))
        self._factory_write(
            {
                "state": "cancelled",
                "cancel_reason": reason,
                "cancelled_by_id": self.env.user.id,
                "cancel_date": fields.Datetime.now(),
            }
        )
        for export in self:
            export.message_post(
                body=self.env._("Export cancelled: %(reason)s", reason=reason)
            )
        return True

    # ------------------------------------------------------------------
    # the export
    # ------------------------------------------------------------------

    @api.model
    def _factory_check_accountant(self):
        if not self.env.su and not self.env.user.has_group(ACCOUNTANT):
            raise AccessError(
                self.env._("Only Accountants export and cancel accounting vouchers.")
            )

    @api.model
    def _factory_default_journals(self, company):
        """The journals of stock valuation (the product categories' stock
        journal, which manufacturing and subcontracting use too) and of the
        vendor bills (outsourcing bills included) of ``company``."""
        categories = self.env["product.category"].with_company(company).search([])
        journals = categories.mapped("property_stock_journal")
        default_id = self.env["ir.default"]._get(
            "product.category", "property_stock_journal", company_id=company.id
        )
        journals |= self.env["account.journal"].browse(default_id or [])
        journals |= self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "purchase")]
        )
        return journals.filtered(lambda j: j.company_id == company)

    @api.model
    def _factory_export(self, company, target, date_from, date_to, journals):
        """Export the posted entries of ``journals`` dated in the period and
        record the export. Refuses, and changes nothing, when the period
        overlaps a done export of the same target, when an account, or a
        partner an account needs, has no mapping, or when a voucher does not
        balance."""
        self._factory_check_accountant()
        self.check_access("create")
        _ = self.env._
        if target not in dict(TARGETS):
            raise ValidationError(_("Choose Kingdee or Yonyou as the target."))
        if not date_from or not date_to or date_from > date_to:
            raise ValidationError(_("The period must start before it ends."))
        if not journals:
            raise UserError(_("Choose at least one journal."))
        if journals.filtered(lambda j: j.company_id != company):
            raise UserError(_("Every journal must belong to the exported company."))
        # one export of a company at a time: the overlap check below sees the
        # export a concurrent transaction is making
        self.env.cr.execute(
            SQL("SELECT pg_advisory_xact_lock(%s, %s)", _LOCK_CLASS, company.id)
        )
        self._factory_check_overlap(company, target, date_from, date_to)
        lines = self.env["account.move.line"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
                ("journal_id", "in", journals.ids),
                ("display_type", "not in", ("line_section", "line_note")),
            ],
            [
                "move_id",
                "journal_id",
                "account_id",
                "partner_id",
                "analytic_distribution",
                "name",
                "debit",
                "credit",
                "date",
            ],
            order="date, move_id, id",
        )
        lines = lines.filtered(
            lambda line: (
                not (
                    float_is_zero(
                        line.debit, precision_rounding=company.currency_id.rounding
                    )
                    and float_is_zero(
                        line.credit, precision_rounding=company.currency_id.rounding
                    )
                )
            )
        )
        if not lines:
            raise UserError(
                _(
                    "No posted journal entry of the chosen journals is dated from "
                    "%(date_from)s to %(date_to)s: nothing to export.",
                    date_from=date_from,
                    date_to=date_to,
                )
            )
        account_maps = self._factory_account_maps(company, lines)
        partner_codes = self._factory_partner_codes(company, lines, account_maps)
        self._factory_check_balanced(company, lines)
        dimensions = self._factory_line_dimensions(company, lines, account_maps)
        numbering = self._factory_previous_numbering(company, target)
        rows, numbering, moves = self._factory_rows(
            company, target, lines, account_maps, partner_codes, dimensions, numbering
        )
        debit_total = sum(lines.mapped("debit"))
        credit_total = sum(lines.mapped("credit"))
        name = self.env["ir.sequence"].next_by_code("factory.voucher.export") or "/"
        export = self._factory_create(
            [
                {
                    "name": name,
                    "company_id": company.id,
                    "target": target,
                    "date_from": date_from,
                    "date_to": date_to,
                    "journal_ids": [fields.Command.set(journals.ids)],
                    "user_id": self.env.user.id,
                    "export_date": fields.Datetime.now(),
                    "move_count": len(moves),
                    "line_count": len(rows),
                    "debit_total": debit_total,
                    "credit_total": credit_total,
                    "numbering": numbering,
                    "state": "done",
                }
            ]
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{name.replace('/', '-')}-{target}.xlsx",
                "datas": base64.b64encode(voucher_xlsx(target, rows)),
                "res_model": self._name,
                "res_id": export.id,
                "mimetype": XLSX_MIMETYPE,
            }
        )
        export._factory_write({"attachment_id": attachment.id})
        export.message_post(
            body=_(
                "%(count)s vouchers of %(date_from)s to %(date_to)s exported for "
                "%(target)s.",
                count=len(moves),
                date_from=date_from,
                date_to=date_to,
                target=dict(self._fields["target"]._description_selection(self.env))[
                    target
                ],
            ),
            attachment_ids=attachment.ids,
        )
        return export

    @api.model
    def _factory_check_overlap(self, company, target, date_from, date_to):
        done = self.search(
            [
                ("company_id", "=", company.id),
                ("target", "=", target),
                ("state", "=", "done"),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ]
        )
        if done:
            raise UserError(
                self.env._(
                    "The period was already exported for this target (%(exports)s). "
                    "An Accountant cancels that export, with a reason, before it "
                    "is exported again.",
                    exports=", ".join(
                        f"{e.name} {e.date_from} – {e.date_to}" for e in done
                    ),
                )
            )

    @api.model
    def _factory_account_maps(self, company, lines):
        accounts = lines.account_id
        maps = self.env["factory.voucher.account.map"].search(
            [("company_id", "=", company.id), ("account_id", "in", accounts.ids)]
        )
        by_account = {m.account_id.id: m for m in maps}
        missing = accounts.filtered(lambda a: a.id not in by_account)
        if missing:
            raise UserError(
                self.env._(
                    "These accounts have journal items in the period but no "
                    "mapping to the target's account codes: %(accounts)s. Map them "
                    "(Factory ▸ Accounting ▸ Account Mapping), then export again; "
                    "nothing was exported.",
                    accounts=", ".join(sorted(missing.mapped("display_name"))),
                )
            )
        return by_account

    @api.model
    def _factory_partner_codes(self, company, lines, account_maps):
        """{partner id: (code, name)} of the partners of the lines whose
        account has a partner dimension; refuses a line without a partner
        and a partner without a code (mapping, else its reference)."""
        needing = lines.filtered(
            lambda line: account_maps[line.account_id.id].aux_partner
        )
        without = needing.filtered(lambda line: not line.partner_id)
        if without:
            raise UserError(
                self.env._(
                    "The account of these journal items needs a partner (往来单位) "
                    "in the target, but the items have none: %(entries)s.",
                    entries=", ".join(sorted(set(without.move_id.mapped("name")))),
                )
            )
        partners = needing.partner_id.commercial_partner_id
        maps = self.env["factory.voucher.partner.map"].search(
            [("company_id", "=", company.id), ("partner_id", "in", partners.ids)]
        )
        codes = {m.partner_id.id: (m.code, m.name or m.partner_id.name) for m in maps}
        for partner in partners:
            if partner.id not in codes and partner.ref:
                codes[partner.id] = (partner.ref, partner.name)
        missing = partners.filtered(lambda p: p.id not in codes)
        if missing:
            raise UserError(
                self.env._(
                    "These partners have no code in the target (a partner mapping, "
                    "or a reference on the partner): %(partners)s; nothing was "
                    "exported.",
                    partners=", ".join(sorted(missing.mapped("display_name"))),
                )
            )
        return codes

    @api.model
    def _factory_line_dimensions(self, company, lines, account_maps):
        """{line id: {"department": (code, name), "project": (code, name)}}
        for the dimensions the lines' accounts carry: the analytic account
        with the largest share of the line that has a mapping of that
        dimension, else the account mapping's default; refuses lines with
        neither."""
        analytic_ids = {
            int(aid)
            for line in lines
            for key in (line.analytic_distribution or {})
            for aid in key.split(",")
        }
        maps = self.env["factory.voucher.analytic.map"].search(
            [
                ("company_id", "=", company.id),
                ("analytic_account_id", "in", list(analytic_ids)),
            ]
        )
        by_analytic = {m.analytic_account_id.id: m for m in maps}
        result, missing = {}, set()
        for line in lines:
            mapping = account_maps[line.account_id.id]
            shares = sorted(
                (
                    (-float(share), int(aid))
                    for key, share in (line.analytic_distribution or {}).items()
                    for aid in key.split(",")
                ),
            )
            dims = {}
            for dimension, needed, code, name in (
                (
                    "department",
                    mapping.aux_department,
                    mapping.department_code,
                    mapping.department_name,
                ),
                (
                    "project",
                    mapping.aux_project,
                    mapping.project_code,
                    mapping.project_name,
                ),
            ):
                if not needed:
                    continue
                analytic = next(
                    (
                        by_analytic[aid]
                        for _share, aid in shares
                        if aid in by_analytic
                        and by_analytic[aid].dimension == dimension
                    ),
                    None,
                )
                if analytic:
                    dims[dimension] = (analytic.code.strip(), analytic.name or "")
                elif (code or "").strip():
                    dims[dimension] = (code.strip(), name or "")
                else:
                    missing.add(f"{line.move_id.name} ({mapping.code})")
            result[line.id] = dims
        if missing:
            raise UserError(
                self.env._(
                    "The account of these journal items carries a department or "
                    "project dimension, but neither their analytic account nor the "
                    "account's mapping gives its code: %(entries)s; nothing was "
                    "exported.",
                    entries=", ".join(sorted(missing)),
                )
            )
        return result

    @api.model
    def _factory_check_balanced(self, company, lines):
        totals = defaultdict(lambda: [0.0, 0.0])
        for line in lines:
            totals[line.move_id][0] += line.debit
            totals[line.move_id][1] += line.credit
        rounding = company.currency_id.rounding
        unbalanced = [
            move.name
            for move, (debit, credit) in totals.items()
            if float_compare(debit, credit, precision_rounding=rounding)
        ]
        if unbalanced:
            raise UserError(
                self.env._(
                    "These vouchers do not balance (debit ≠ credit) in the chosen "
                    "journals: %(entries)s; nothing was exported.",
                    entries=", ".join(sorted(unbalanced)),
                )
            )

    @api.model
    def _factory_previous_numbering(self, company, target):
        """The last voucher number per month and word of the done exports of
        ``company`` and ``target``: a later export of the same month goes on
        from there."""
        numbering = {}
        exports = self.search(
            [
                ("company_id", "=", company.id),
                ("target", "=", target),
                ("state", "=", "done"),
            ]
        )
        for export in exports:
            for key, last in (export.numbering or {}).items():
                numbering[key] = max(numbering.get(key, 0), last)
        return numbering

    @api.model
    def _factory_rows(
        self, company, target, lines, account_maps, partner_codes, dimensions, numbering
    ):
        journal_words = {
            m.journal_id.id: m.voucher_word
            for m in self.env["factory.voucher.journal.map"].search(
                [
                    ("company_id", "=", company.id),
                    ("journal_id", "in", lines.journal_id.ids),
                ]
            )
        }
        summary_length = SUMMARY_LENGTH[target]
        preparer = self.env.user.name
        currency = company.currency_id.name
        numbering = dict(numbering)
        rows = []
        moves = []
        entry = -1
        current_move = None
        for line in lines:
            move = line.move_id
            if move != current_move:
                current_move = move
                moves.append(move)
                word = journal_words.get(line.journal_id.id, DEFAULT_VOUCHER_WORD)
                key = f"{move.date:%Y-%m}|{word}"
                numbering[key] = numbering.get(key, 0) + 1
                number = numbering[key]
                word_char = VOUCHER_WORD_CHARS[word]
                # Kingdee's 分录号 (FENTRYID) counts from 0 in each voucher
                entry = -1
            entry += 1
            mapping = account_maps[line.account_id.id]
            summary = (line.name or move.ref or move.name or "").replace("\n", " ")
            row = {
                "date": f"{move.date:%Y-%m-%d}",
                "year": move.date.year,
                "period": move.date.month,
                "word": word_char,
                "number": number,
                "entry": entry,
                "attachments": 0,
                "summary": summary[:summary_length],
                "account_code": mapping.code.strip(),
                "account_name": mapping.name or line.account_id.name,
                "debit": company.currency_id.round(line.debit),
                "credit": company.currency_id.round(line.credit),
                "currency": currency,
                "rate": 1,
                "preparer": preparer,
                "reference": move.name,
            }
            aux = []
            if mapping.aux_partner:
                partner = line.partner_id.commercial_partner_id
                code, partner_name = partner_codes[partner.id]
                supplier = line.account_id.account_type == "liability_payable" or (
                    line.account_id.account_type != "asset_receivable"
                    and partner.supplier_rank
                )
                aux.append(("供应商" if supplier else "客户", code, partner_name))
                row["supplier_code" if supplier else "customer_code"] = code
            line_dims = dimensions[line.id]
            if "department" in line_dims:
                code, dim_name = line_dims["department"]
                aux.append(("部门", code, dim_name))
                row["department_code"] = code
            if "project" in line_dims:
                code, dim_name = line_dims["project"]
                aux.append(("项目", code, dim_name))
                row["project_code"] = code
            for index, (kind, code, dim_name) in enumerate(aux, start=1):
                row[f"aux{index}_type"] = kind
                row[f"aux{index}_code"] = code
                row[f"aux{index}_name"] = dim_name or ""
            rows.append(row)
        return rows, numbering, moves
