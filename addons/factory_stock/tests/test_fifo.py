from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import FactoryStockCase


@tagged("post_install", "-at_install")
class TestIssuePolicy(FactoryStockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        Category = cls.env["product.category"]
        cls.fifo_categ = Category.create(
            {"name": "Test FIFO Materials", "factory_issue_policy": "fifo"}
        )
        cls.fefo_categ = Category.create(
            {"name": "Test FEFO Materials", "factory_issue_policy": "fefo"}
        )
        cls.glue = cls._create_material(
            "TST-FIFO-1", "Varnish", tracking="lot", categ_id=cls.fifo_categ.id
        )
        cls.resin = cls._create_material(
            "TST-FEFO-1",
            "Epoxy resin",
            tracking="lot",
            use_expiration_date=True,
            categ_id=cls.fefo_categ.id,
        )
        Lot = cls.env["stock.lot"]
        cls.l1, cls.l2 = (
            Lot.create({"name": name, "product_id": cls.glue.id})
            for name in ("L1", "L2")
        )
        cls.f_late, cls.f_soon, cls.f_expired = (
            Lot.create(
                {"name": name, "product_id": cls.resin.id, "expiration_date": expiry}
            )
            for name, expiry in (
                ("F-LATE", now + timedelta(days=60)),
                ("F-SOON", now + timedelta(days=10)),
                ("F-OLD", now - timedelta(days=1)),
            )
        )
        Quant = cls.env["stock.quant"]
        stock = cls.wh_raw.lot_stock_id
        for product, lot, location, days_ago in (
            (cls.glue, cls.l1, cls.bin_a, 20),  # L1 is older
            (cls.glue, cls.l2, cls.bin_b, 5),
            (cls.resin, cls.f_late, stock, 30),  # received first, expires last
            (cls.resin, cls.f_soon, stock, 3),
            (cls.resin, cls.f_expired, stock, 90),
        ):
            Quant._update_available_quantity(
                product, location, 5, lot_id=lot, in_date=now - timedelta(days=days_ago)
            )
        cls.customers = cls.env.ref("stock.stock_location_customers")
        # validates issues (a clerk cannot: stock valuation reads the cost)
        # but has no FIFO Override right
        cls.issuer = cls.supervisor
        cls.override_user = new_test_user(
            cls.env,
            login="t_fifo_override",
            groups="base.group_user,factory_stock.group_warehouse_supervisor,"
            "factory_stock.group_fifo_override",
            factory_warehouse_ids=[Command.set(cls.wh_raw.ids)],
        )

    def _issue(self, product, qty, lot=None, reason=False, more=()):
        """A confirmed issue from wh_raw; ``lot`` replaces the lot Odoo
        reserved (what a clerk or a scan does); ``more``: other (product,
        qty) to issue in the same transfer."""
        stock = self.wh_raw.lot_stock_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.wh_raw.out_type_id.id,
                "location_id": stock.id,
                "location_dest_id": self.customers.id,
                "factory_fifo_override_reason": reason,
                "move_ids": [
                    Command.create(
                        {
                            "name": move_product.name,
                            "product_id": move_product.id,
                            "product_uom_qty": move_qty,
                            "product_uom": move_product.uom_id.id,
                            "location_id": stock.id,
                            "location_dest_id": self.customers.id,
                        }
                    )
                    for move_product, move_qty in ((product, qty), *more)
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        if lot:
            quant = self.env["stock.quant"].search(
                [("lot_id", "=", lot.id), ("quantity", ">", 0)], limit=1
            )
            picking.move_line_ids.write(
                {"lot_id": lot.id, "location_id": quant.location_id.id}
            )
        picking.move_ids.picked = True
        return picking

    def _lot_qty(self, lot):
        quants = self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id.usage", "=", "internal")]
        )
        return sum(quants.mapped("quantity"))

    def _validate(self, picking, user):
        picking.with_user(user).with_context(skip_expired=True).button_validate()

    def test_policy_sets_removal_strategy(self):
        self.assertEqual(
            self.fifo_categ.removal_strategy_id, self.env.ref("stock.removal_fifo")
        )
        self.assertEqual(
            self.fefo_categ.removal_strategy_id,
            self.env.ref("product_expiry.removal_fefo"),
        )
        self.fifo_categ.factory_issue_policy = "fefo"
        self.assertEqual(
            self.fifo_categ.removal_strategy_id,
            self.env.ref("product_expiry.removal_fefo"),
        )
        # one setting: another removal strategy ends the policy, and no
        # policy clears a FIFO / FEFO strategy (Odoo's location rule applies)
        self.fefo_categ.removal_strategy_id = self.env.ref("stock.removal_lifo")
        self.assertEqual(self.fefo_categ.factory_issue_policy, "none")
        self.fifo_categ.factory_issue_policy = "none"
        self.assertFalse(self.fifo_categ.removal_strategy_id)
        self.fefo_categ.factory_issue_policy = "none"
        self.assertEqual(
            self.fefo_categ.removal_strategy_id, self.env.ref("stock.removal_lifo")
        )
        with Form(self.category) as form:
            self.assertEqual(form.factory_issue_policy, "none")
            form.factory_issue_policy = "fifo"
            self.assertEqual(
                form.removal_strategy_id, self.env.ref("stock.removal_fifo")
            )
        self.assertEqual(
            self.category.removal_strategy_id, self.env.ref("stock.removal_fifo")
        )

    def test_removal_strategy_enforces_policy(self):
        """Odoo's Force Removal Strategy set to FIFO (the category form, the
        ORM) enforces FIFO as the policy does, and the policy is found by it."""
        categ = self.env["product.category"].create({"name": "Strategy Only"})
        self.assertEqual(categ.factory_issue_policy, "none")
        self.glue.categ_id = categ
        picking = self._issue(self.glue, 2, lot=self.l2)
        picking2 = self._issue(self.glue, 2, lot=self.l2)
        # no policy, no strategy: out of order passes
        self._validate(picking, self.issuer)
        self.assertEqual(picking.state, "done")
        with Form(categ) as form:
            form.removal_strategy_id = self.env.ref("stock.removal_fifo")
            self.assertEqual(form.factory_issue_policy, "fifo")
        self.assertEqual(categ.factory_issue_policy, "fifo")
        with self.assertRaises(UserError) as err:
            self._validate(picking2, self.issuer)
        self.assertIn("lot L1 must go first", str(err.exception))
        self.assertEqual(picking2.state, "assigned")
        # and through the ORM (import, RPC) on a category of a sub-category
        sub = self.env["product.category"].create(
            {"name": "Sub", "parent_id": categ.id}
        )
        # Odoo does not inherit a removal strategy from the parent category
        # (stock.quant._get_removal_strategy): the policy neither
        self.assertEqual(sub.factory_issue_policy, "none")
        sub.write({"removal_strategy_id": self.env.ref("stock.removal_fifo").id})
        self.assertEqual(sub.factory_issue_policy, "fifo")
        Category = self.env["product.category"]
        self.assertEqual(
            Category.search(
                [("factory_issue_policy", "=", "fifo"), ("id", "in", (categ | sub).ids)]
            ),
            categ | sub,
        )
        self.assertIn(
            self.category,
            Category.search([("factory_issue_policy", "=", "none")]),
        )
        self.assertNotIn(
            categ, Category.search([("factory_issue_policy", "!=", "fifo")])
        )

    def test_fifo_reservation_passes(self):
        picking = self._issue(self.glue, 5)
        self.assertEqual(picking.move_line_ids.lot_id, self.l1)
        self._validate(picking, self.issuer)
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._lot_qty(self.l1), 0)

    def test_one_candidate_query_per_validation(self):
        picking = self._issue(self.glue, 2, more=[(self.resin, 2)])
        MoveLine = type(self.env["stock.move.line"])
        gather = MoveLine._factory_lot_candidates
        calls = []

        def counting(lines, warehouses, products):
            calls.append(products)
            return gather(lines, warehouses, products)

        with patch.object(MoveLine, "_factory_lot_candidates", counting):
            self._validate(picking, self.issuer)
        self.assertEqual(picking.state, "done")
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0], self.glue | self.resin)

    def test_fifo_refuses_newer_lot(self):
        picking = self._issue(self.glue, 3, lot=self.l2)
        with self.assertRaises(UserError) as err:
            self._validate(picking, self.issuer)
        message = str(err.exception)
        self.assertIn("L2", message)
        self.assertIn("lot L1 must go first", message)
        # nothing changed
        self.assertEqual(picking.state, "assigned")
        self.assertEqual((self._lot_qty(self.l1), self._lot_qty(self.l2)), (5, 5))
        self.assertEqual(picking.move_line_ids.lot_id, self.l2)

    def test_fifo_same_transfer_takes_older_lot_first(self):
        # 8 = all of L1 plus 3 of L2: nothing older is left behind
        picking = self._issue(self.glue, 8)
        self.assertEqual(picking.move_line_ids.lot_id, self.l1 | self.l2)
        self._validate(picking, self.issuer)
        self.assertEqual(picking.state, "done")
        self.assertEqual((self._lot_qty(self.l1), self._lot_qty(self.l2)), (0, 2))

    def test_fifo_ignores_lots_reserved_elsewhere(self):
        other = self._issue(self.glue, 5)
        self.assertEqual(other.move_line_ids.lot_id, self.l1)
        picking = self._issue(self.glue, 2)
        self.assertEqual(picking.move_line_ids.lot_id, self.l2)
        self._validate(picking, self.issuer)
        self.assertEqual(picking.state, "done")

    def test_override_with_reason(self):
        reason = "L1 is held for the customer sample order"
        for user in (self.override_user, self.manager):
            picking = self._issue(self.glue, 1, lot=self.l2, reason=reason)
            self._validate(picking, user)
            self.assertEqual(picking.state, "done", user.login)
            self.assertEqual(picking.factory_fifo_override_reason, reason)
            note = picking.message_ids.filtered(lambda m, r=reason: r in m.body)
            self.assertTrue(note, user.login)
            self.assertEqual(note[0].author_id, user.partner_id)
            self.assertIn("L1", note[0].body)
        self.assertEqual((self._lot_qty(self.l1), self._lot_qty(self.l2)), (5, 3))

    def test_override_needs_reason(self):
        for reason in (False, "   "):
            picking = self._issue(self.glue, 1, lot=self.l2, reason=reason)
            with self.assertRaises(UserError) as err:
                self._validate(picking, self.override_user)
            self.assertIn("override reason", str(err.exception))
            self.assertEqual(picking.state, "assigned")
        self.assertEqual(self._lot_qty(self.l2), 5)

    def test_reason_without_right_is_refused(self):
        picking = self._issue(self.glue, 1, lot=self.l2, reason="urgent")
        with self.assertRaises(UserError) as err:
            self._validate(picking, self.issuer)
        self.assertIn("FIFO Override", str(err.exception))
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(self._lot_qty(self.l2), 5)

    def test_fefo_order_by_expiry(self):
        picking = self._issue(self.resin, 2)
        self.assertEqual(picking.move_line_ids.lot_id, self.f_soon)
        # the lot received first is refused: another one expires earlier
        late = self._issue(self.resin, 2, lot=self.f_late)
        with self.assertRaises(UserError) as err:
            self._validate(late, self.issuer)
        self.assertIn("lot F-SOON must go first", str(err.exception))
        self.assertEqual(late.state, "assigned")
        # the expired lot does not block the next one
        self._validate(picking, self.issuer)
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._lot_qty(self.f_soon), 3)

    def test_fefo_refuses_expired_lot(self):
        for user in (self.issuer, self.manager):
            picking = self._issue(self.resin, 1, lot=self.f_expired, reason="use up")
            with self.assertRaises(UserError) as err:
                self._validate(picking, user)
            self.assertIn("F-OLD", str(err.exception))
            self.assertIn("expired", str(err.exception))
            self.assertEqual(picking.state, "assigned")
        self.assertEqual(self._lot_qty(self.f_expired), 5)

    def test_lot_of_another_product_refused(self):
        picking = self._issue(self.glue, 1)
        with self.assertRaises(ValidationError):
            picking.move_line_ids.lot_id = self.f_soon
        self.assertEqual(picking.move_line_ids.lot_id, self.l1)

    def test_lot_required_under_policy(self):
        # the picking type allows tracked goods without lot: the policy does not
        self.wh_raw.out_type_id.use_existing_lots = False
        picking = self._issue(self.glue, 1)
        picking.move_line_ids.lot_id = False
        with self.assertRaises(UserError) as err:
            self._validate(picking, self.issuer)
        self.assertIn("must be issued by lot", str(err.exception))
        self.assertEqual(picking.state, "assigned")

    def test_no_policy_no_enforcement(self):
        self.fifo_categ.factory_issue_policy = "none"
        picking = self._issue(self.glue, 1, lot=self.l2)
        self._validate(picking, self.issuer)
        self.assertEqual(picking.state, "done")

    def test_moves_inside_stock_are_free(self):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.wh_raw.int_type_id.id,
                "location_id": self.bin_b.id,
                "location_dest_id": self.bin_a.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.glue.name,
                            "product_id": self.glue.id,
                            "product_uom_qty": 2,
                            "product_uom": self.glue.uom_id.id,
                            "location_id": self.bin_b.id,
                            "location_dest_id": self.bin_a.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(picking.move_line_ids.lot_id, self.l2)
        self._validate(picking, self.issuer)
        self.assertEqual(picking.state, "done")

    def test_other_warehouse_lots_do_not_block(self):
        # an older lot in another warehouse does not block issues from wh_raw
        l0 = self.env["stock.lot"].create({"name": "L0", "product_id": self.glue.id})
        self.env["stock.quant"]._update_available_quantity(
            self.glue,
            self.wh_fg.lot_stock_id,
            5,
            lot_id=l0,
            in_date=fields.Datetime.now() - timedelta(days=100),
        )
        picking = self._issue(self.glue, 1)
        self.assertEqual(picking.move_line_ids.lot_id, self.l1)
        self._validate(picking, self.issuer)
        self.assertEqual(picking.state, "done")

    def test_error_is_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        picking = self._issue(self.glue, 1, lot=self.l2)
        with self.assertRaises(UserError) as err:
            picking.with_context(lang="zh_CN", skip_expired=True).with_user(
                self.issuer
            ).button_validate()
        self.assertIn("先出", str(err.exception))
