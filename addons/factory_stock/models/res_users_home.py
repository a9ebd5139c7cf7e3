from odoo import api, models

# the group keys of a user form's write (reified group fields)
GROUP_KEY_PREFIXES = ("groups_id", "in_group_", "sel_groups_")


class ResUsers(models.Model):
    """Each factory role lands on its own screen: the Home Action of a user
    who has none is set from his role when the role is given."""

    _inherit = "res.users"

    @api.model
    def _factory_home_actions(self):
        """(role group, home action) by precedence: the first role the user
        has gives his home screen. factory_mrp adds its roles' screens."""
        return [
            (
                "factory_stock.group_factory_manager",
                "factory_stock.factory_stock_board_action",
            ),
            (
                "factory_stock.group_warehouse_supervisor",
                "factory_stock.factory_stock_board_action",
            ),
            (
                "factory_stock.group_qc_inspector",
                "factory_stock.factory_qc_inspection_action",
            ),
            (
                "factory_stock.group_warehouse_clerk",
                "factory_stock.factory_scan_action",
            ),
        ]

    def _factory_home_action(self):
        """The home action of this user's factory role, or an empty record."""
        self.ensure_one()
        for group, action in self._factory_home_actions():
            if self._has_group(group):
                return self.env.ref(action, raise_if_not_found=False)
        return self.env["ir.actions.actions"]

    def _factory_set_home_action(self):
        """Give the users without a Home Action their role's screen."""
        for user in self.filtered(lambda u: not u.action_id and not u.share):
            action = user._factory_home_action()
            if action:
                user.action_id = action.id

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._factory_set_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        if any(key.startswith(GROUP_KEY_PREFIXES) for key in vals):
            self._factory_set_home_action()
        return res
