from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

WORKSHOP_SUPERVISOR = "factory_stock.group_workshop_supervisor"


class MrpProduction(models.Model):
    _name = "mrp.production"
    _inherit = ["mrp.production", "factory.protected.mixin"]

    # see factory.protected.mixin: set by the release only
    _factory_protected_fields = (
        "factory_released",
        "factory_released_by_id",
        "factory_released_on",
        "factory_released_with_shortage",
    )

    factory_released = fields.Boolean(
        "Released", readonly=True, copy=False, tracking=True
    )
    factory_released_by_id = fields.Many2one(
        "res.users", "Released By", readonly=True, copy=False
    )
    factory_released_on = fields.Datetime("Released On", readonly=True, copy=False)
    factory_released_with_shortage = fields.Boolean(
        "Released with Shortage", readonly=True, copy=False, tracking=True
    )
    factory_shortage_ids = fields.One2many(
        "factory.mrp.shortage", "production_id", string="Component Shortages"
    )
    factory_shortage_count = fields.Integer(compute="_compute_factory_shortage_count")

    def _compute_factory_shortage_count(self):
        counts = dict(
            self.env["factory.mrp.shortage"]._read_group(
                [("production_id", "in", self.ids), ("shortage_qty", ">", 0)],
                ["production_id"],
                ["__count"],
            )
        )
        for production in self:
            production.factory_shortage_count = counts.get(production, 0)

    def _factory_shortages(self):
        """Component shortages of these orders, in one query."""
        return self.env["factory.mrp.shortage"].search(
            [("production_id", "in", self.ids), ("shortage_qty", ">", 0)]
        )

    def action_factory_release(self):
        """Release: confirm if needed and reserve ("freeze") the components.
        Orders that would still lack components are released only when a
        workshop supervisor confirms it (see the release wizard)."""
        todo = self.filtered(lambda p: not p.factory_released)
        bad = todo.filtered(lambda p: p.state not in ("draft", "confirmed", "progress"))
        if bad:
            raise UserError(
                self.env._(
                    "Only draft, confirmed or started orders can be released: %s",
                    ", ".join(bad.mapped("name")),
                )
            )
        todo.filtered(lambda p: p.state == "draft").action_confirm()
        todo.action_assign()
        shortages = todo._factory_shortages()
        short = shortages.production_id
        (todo - short)._factory_mark_released()
        if not short:
            return True
        if not self.env.user.has_group(WORKSHOP_SUPERVISOR):
            raise UserError(
                self.env._(
                    "Components are missing; only a workshop supervisor can release "
                    "these orders anyway:\n%s",
                    short._factory_shortage_text(shortages),
                )
            )
        wizard = self.env["factory.mrp.release"]._factory_create(
            {
                "production_ids": [fields.Command.set(short.ids)],
                "shortage_text": short._factory_shortage_text(shortages),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release with Shortage"),
            "res_model": "factory.mrp.release",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def _factory_shortage_text(self, shortages):
        return "\n".join(
            self.env._(
                "%(order)s: %(product)s short by %(qty)s %(uom)s",
                order=line.production_id.name,
                product=line.product_id.display_name,
                qty=line.shortage_qty,
                uom=line.uom_id.name,
            )
            for line in shortages
        )

    def _factory_mark_released(self, with_shortage=False):
        if not self:
            return
        self._factory_write(
            {
                "factory_released": True,
                "factory_released_by_id": self.env.user.id,
                "factory_released_on": fields.Datetime.now(),
                "factory_released_with_shortage": with_shortage,
            }
        )

    def _factory_release_with_shortage(self):
        """Workshop supervisor's confirmation: release, and give purchasing a
        to-do per order with what is missing."""
        if not self.env.user.has_group(WORKSHOP_SUPERVISOR):
            raise AccessError(
                self.env._(
                    "Only a workshop supervisor can release orders with shortages."
                )
            )
        shortages = self._factory_shortages()
        self._factory_mark_released(with_shortage=True)
        purchasers = self.env.ref("factory_stock.group_purchaser").sudo().users
        for production in self:
            lines = shortages.filtered(lambda s, p=production: s.production_id == p)
            # each purchaser's to-do in the purchaser's language
            for user in purchasers:
                in_lang = self.with_context(lang=user.lang or "en_US")
                production.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=in_lang.env._("Shortage for %s", production.name),
                    note=in_lang._factory_shortage_note(lines),
                    user_id=user.id,
                )
            production.message_post(
                body=Markup("%s<br/>%s")
                % (
                    self.env._("Released with shortage by %s.", self.env.user.name),
                    self._factory_shortage_note(lines),
                )
            )
        return True

    def _factory_shortage_note(self, lines):
        """What is missing, one line per shortage, in the language of the
        environment (material and unit names included)."""
        env = self.env
        return Markup("<br/>").join(
            env._(
                "%(product)s: %(qty)s %(uom)s missing",
                product=line.product_id.with_env(env).display_name,
                qty=line.shortage_qty,
                uom=line.uom_id.with_env(env).name,
            )
            for line in lines
        )

    def action_factory_shortages(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Shortages of %s", self.name),
            "res_model": "factory.mrp.shortage",
            "view_mode": "list",
            "domain": [("production_id", "=", self.id)],
        }
