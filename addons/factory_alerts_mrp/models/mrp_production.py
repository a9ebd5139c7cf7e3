from odoo import models


class MrpProduction(models.Model):
    """A manufacturing order links to the open shortage alerts of its
    components (the alerts point at it through their subject)."""

    _name = "mrp.production"
    _inherit = ["mrp.production", "factory.alert.subject.mixin"]

    def _factory_alert_domain(self):
        return [
            ("res_model", "=", "mrp.production"),
            ("res_id", "in", self.ids),
            ("state", "!=", "resolved"),
        ]

    def _compute_factory_alert_count(self):
        Alert = self.env["factory.alert"]
        if not Alert.has_access("read"):
            self.factory_alert_count = 0
            return
        counts = dict(
            Alert._read_group(self._factory_alert_domain(), ["res_id"], ["__count"])
        )
        for production in self:
            production.factory_alert_count = counts.get(production.id, 0)
