"""The subjects of alerts link to their open alerts (smart buttons)."""

from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    factory_alert_id = fields.Many2one(
        "factory.alert", "Alert", index="btree_not_null", ondelete="set null"
    )


class FactoryAlertSubjectMixin(models.AbstractModel):
    """Open-alert count and button of a subject model; ``_factory_alert_field``
    is the alert field pointing at it."""

    _name = "factory.alert.subject.mixin"
    _description = "Subject of Alerts"
    _factory_alert_field = None

    factory_alert_count = fields.Integer(
        "Open Alerts", compute="_compute_factory_alert_count"
    )

    def _factory_alert_domain(self):
        return [
            (self._factory_alert_field, "in", self.ids),
            ("state", "!=", "resolved"),
        ]

    def _compute_factory_alert_count(self):
        Alert = self.env["factory.alert"]
        if not Alert.has_access("read"):
            self.factory_alert_count = 0
            return
        counts = dict(
            Alert._read_group(
                self._factory_alert_domain(), [self._factory_alert_field], ["__count"]
            )
        )
        for record in self:
            record.factory_alert_count = counts.get(record, 0)

    def action_factory_open_alerts(self):
        self.check_access("read")
        self.env["factory.alert"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "factory_alerts.factory_alert_action"
        )
        action["domain"] = self._factory_alert_domain()
        action["context"] = {"create": False}
        return action


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "factory.alert.subject.mixin"]
    _factory_alert_field = "product_tmpl_id"


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "factory.alert.subject.mixin"]
    _factory_alert_field = "lot_id"


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "factory.alert.subject.mixin"]
    _factory_alert_field = "picking_id"
