from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _factory_home_actions(self):
        """Workshop supervisors land on the shortage view, line workers on
        the reporting screen (报工)."""
        actions = super()._factory_home_actions()
        actions.insert(
            1,
            (
                "factory_stock.group_workshop_supervisor",
                "factory_mrp.factory_mrp_shortage_action",
            ),
        )
        actions.append(
            (
                "factory_stock.group_line_worker",
                "factory_mrp.factory_production_report_client_action",
            )
        )
        return actions
