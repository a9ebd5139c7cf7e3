from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class FactoryOverrideLog(models.Model):
    """Every time a rule of the suite is overridden with a reason (FIFO /
    FEFO order, over-issue, release with shortage): who, when, which
    document, material, lot, quantity and why.

    An audit trail: rows are written by the suite's own code (as superuser,
    at the moment the override is accepted) and never changed or deleted by
    anyone, administrators included. Factory Managers search it."""

    _name = "factory.override.log"
    _description = "Override Log"
    _order = "date desc, id desc"

    kind = fields.Selection(
        [
            ("fifo", "FIFO / FEFO Override"),
            ("over_issue", "Over-issue Approval"),
            ("shortage_release", "Release with Shortage"),
        ],
        string="Override",
        required=True,
        readonly=True,
        index=True,
    )
    date = fields.Datetime(
        required=True, readonly=True, index=True, default=fields.Datetime.now
    )
    user_id = fields.Many2one(
        "res.users",
        "User",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company",
        "Company",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env.company,
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", "Warehouse", readonly=True, ondelete="restrict"
    )
    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        "Document ID", model_field="res_model", readonly=True
    )
    document = fields.Char(readonly=True, help="Reference of the document.")
    product_id = fields.Many2one(
        "product.product", "Material", readonly=True, index=True, ondelete="restrict"
    )
    lot_id = fields.Many2one(
        "stock.lot", "Lot/Serial Number", readonly=True, ondelete="restrict"
    )
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    uom_id = fields.Many2one("uom.uom", "Unit", readonly=True, ondelete="restrict")
    reason = fields.Text(required=True, readonly=True)
    details = fields.Text(
        readonly=True, help="What the rule asked for, e.g. the lot that must go first."
    )

    @api.depends("kind", "document")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for log in self:
            log.display_name = " - ".join(
                part for part in (labels.get(log.kind), log.document) if part
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._("Override log entries are written by Factory Suite only.")
            )
        return super().create(vals_list)

    def write(self, vals):
        raise AccessError(
            self.env._("The override log cannot be changed: it is an audit trail.")
        )

    def unlink(self):
        raise AccessError(
            self.env._("The override log cannot be deleted: it is an audit trail.")
        )

    @api.model
    def _factory_log(self, kind, document, reason, lines=None, **common):
        """Write the log rows of one accepted override of ``document`` (a
        record): one row per entry of ``lines`` (dicts with product_id,
        lot_id, quantity, uom_id, details, warehouse_id), or one row for the
        document when there are none. Called by the suite's override points,
        as the user who overrides."""
        base = {
            "kind": kind,
            "user_id": self.env.user.id,
            "company_id": (
                document.company_id.id
                if "company_id" in document._fields and document.company_id
                else self.env.company.id
            ),
            "res_model": document._name,
            "res_id": document.id,
            "document": document.display_name,
            "reason": reason,
            **common,
        }
        return self.sudo().create([{**base, **line} for line in (lines or [{}])])

    def action_open_document(self):
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(
                self.env._("The document %s no longer exists.", self.document)
            )
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": record.id,
            "view_mode": "form",
        }
