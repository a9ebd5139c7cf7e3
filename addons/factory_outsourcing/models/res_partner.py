from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    factory_loss_rate = fields.Float(
        string="Allowed Loss Rate (%)",
        digits=(5, 2),
        company_dependent=True,
        tracking=True,
        help="Component consumption above the bill of materials that this "
        "subcontractor may have without a Workshop Supervisor's approval, in per "
        "cent (0 to 100).",
    )
    factory_subcontract_location_ids = fields.One2many(
        "stock.location",
        "factory_subcontractor_id",
        string="Own Subcontracting Locations",
    )
    factory_outsourcing_statement_count = fields.Integer(
        compute="_compute_factory_outsourcing_statement_count",
        groups="factory_stock.group_purchaser,factory_stock.group_accountant",
    )

    def _compute_factory_outsourcing_statement_count(self):
        counts = dict(
            self.env["factory.outsourcing.statement"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.factory_outsourcing_statement_count = counts.get(
                partner.commercial_partner_id, 0
            )

    @api.constrains("factory_loss_rate")
    def _check_factory_loss_rate(self):
        for partner in self:
            if not 0 <= partner.factory_loss_rate <= 100:
                raise ValidationError(
                    self.env._(
                        "The allowed loss rate of %(partner)s must be between 0 and "
                        "100 %%, not %(rate)s.",
                        partner=partner.display_name,
                        rate=partner.factory_loss_rate,
                    )
                )

    def action_factory_create_subcontract_location(self):
        """Give the subcontractor its own subcontracting location (under the
        company's), with the resupply rules Odoo copies for such a location,
        and make it the subcontractor's location."""
        self.ensure_one()
        if not self.env.user.has_group(
            "factory_stock.group_purchaser"
        ) and not self.env.user.has_group("stock.group_stock_manager"):
            raise UserError(
                self.env._(
                    "Only Purchasers and inventory administrators can set up "
                    "subcontractors."
                )
            )
        partner = self.commercial_partner_id
        company = self.env.company
        parent = company.subcontracting_location_id
        if not parent:
            raise UserError(
                self.env._(
                    "The company %s has no subcontracting location.", company.name
                )
            )
        existing = partner.factory_subcontract_location_ids.filtered(
            lambda loc: loc.company_id == company
        )
        if existing:
            location = existing[0]
        else:
            # a location of the company's stock set-up: created as system
            # (the Purchaser has no right on locations), for this partner only
            location = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": partner.name,
                        "usage": "internal",
                        "location_id": parent.id,
                        "company_id": company.id,
                        "is_subcontracting_location": True,
                        "factory_subcontractor_id": partner.id,
                    }
                )
            )
        partner.sudo().with_company(company).property_stock_subcontractor = location
        # logged on the partner's chatter as the user (who may not edit partners)
        partner.sudo().message_post(
            author_id=self.env.user.partner_id.id,
            body=self.env._(
                "Subcontracting location %(location)s set by %(user)s.",
                location=location.complete_name,
                user=self.env.user.name,
            ),
        )
        return True
