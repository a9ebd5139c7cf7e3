"""Workflow fields of factory_stock's documents are written by their own
actions only (factory.protected.mixin): a forged write, create or
``default_<field>`` context of any role is refused and changes nothing."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .factory_stocktake_common import FactoryStocktakeCase

REFUSED = "can only be set by the document's own actions"
# what an RPC client may send along: none of it opens a protected field
FORGING_CONTEXT = {"install_mode": True, "factory_private_write": True}

# {model: (protected fields, fixed fields)} judged protected: the declared
# lists must contain at least these (removing one fails)
EXPECTED = {
    "factory.stocktake": (
        {
            "name",
            "state",
            "submitted_by_id",
            "submitted_on",
            "approved_by_id",
            "approved_on",
            "move_ids",
        },
        set(),
    ),
    "factory.stocktake.line": (
        {
            "book_qty",
            "book_date",
            "is_counted",
            "is_new",
            "counted_by_id",
            "counted_on",
            "approved_by_id",
            "approved_on",
            "package_id",
            "owner_id",
            "company_id",
            "warehouse_id",
            "state",
            "stocktake_date",
            "categ_id",
            "difference",
            "has_difference",
            "accuracy_score",
            "value_diff",
            "approval_tier",
        },
        {"stocktake_id"},
    ),
    "factory.stocktake.assignment": (set(), {"stocktake_id"}),
    "factory.scan.log": (
        {
            "user_id",
            "key",
            "operation",
            "picking_id",
            "barcode",
            "quantity",
            "state",
            "message",
            "result",
        },
        set(),
    ),
    "stock.picking": (
        {
            "factory_qc_inspection_ids",
            "factory_qc_state",
            "factory_qc_received_by_id",
            "factory_qc_return_id",
        },
        set(),
    ),
    "stock.move": ({"factory_qc_inspection_id", "factory_stocktake_id"}, set()),
    "factory.qc.inspection": ({"state", "company_id", "result"}, set()),
}


@tagged("post_install", "-at_install")
class TestProtectedStock(FactoryStocktakeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.roles = (cls.clerk, cls.supervisor, cls.qc, cls.manager, cls.admin)
        # a received, inspected and confirmed receipt with a rejected part
        qc_category = cls.env["product.category"].create(
            {"name": "Protected QC materials", "factory_qc_required": True}
        )
        cls.magnet = cls._create_material(
            "TST-PR-01", "Protected magnet", categ_id=qc_category.id
        )
        cls.receipt = cls._receive(cls.magnet, 10)
        cls.inspection = cls.receipt.factory_qc_inspection_ids
        cls.inspection.with_user(cls.qc).write(
            {
                "qty_passed": 8,
                "qty_rejected": 2,
                "defect_reason_id": cls.env.ref(
                    "factory_stock.defect_reason_dimension"
                ).id,
            }
        )
        cls.inspection.with_user(cls.qc).action_inspect()
        cls.receipt.with_user(cls.supervisor2).action_factory_qc_confirm()
        cls.receipt.with_user(cls.supervisor2).action_factory_qc_return()
        cls.move = cls.receipt.move_ids
        # a stocktake being counted, one line counted by the clerk
        cls.stocktake = (
            cls.env["factory.stocktake"]
            .with_user(cls.supervisor)
            .create(
                {
                    "warehouse_id": cls.wh_raw.id,
                    "assignment_ids": [
                        Command.create(
                            {"location_id": cls.bin_b.id, "user_id": cls.clerk.id}
                        )
                    ],
                }
            )
        )
        cls.stocktake.action_start()
        cls.line = cls.stocktake.line_ids.filtered(
            lambda line: (
                line.location_id == cls.bin_a and line.product_id == cls.material
            )
        )
        cls.line.with_user(cls.clerk).counted_qty = 12
        cls.assignment = cls.stocktake.assignment_ids
        # a scan of the clerk, recorded by the scan service
        Log = cls.env["factory.scan.log"].with_user(cls.clerk)
        cls.log, _stored = Log._claim("prot-1", "receive", cls.receipt, "X-1", 1)
        cls.log._store({"ok": True, "message": "booked"})
        cls.records = {
            "factory.stocktake": cls.stocktake,
            "factory.stocktake.line": cls.line,
            "factory.stocktake.assignment": cls.assignment,
            "factory.scan.log": cls.log,
            "stock.picking": cls.receipt,
            "stock.move": cls.move,
            "factory.qc.inspection": cls.inspection,
        }

    @classmethod
    def _receive(cls, product, qty):
        supplier = cls.env.ref("stock.stock_location_suppliers")
        stock = cls.wh_raw.lot_stock_id
        picking = (
            cls.env["stock.picking"]
            .with_user(cls.clerk)
            .create(
                {
                    "picking_type_id": cls.wh_raw.in_type_id.id,
                    "location_id": supplier.id,
                    "location_dest_id": stock.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "product_uom": product.uom_id.id,
                                "location_id": supplier.id,
                                "location_dest_id": stock.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.write({"quantity": qty, "picked": True})
        picking.button_validate()
        return picking.with_env(cls.env)

    # helpers ---------------------------------------------------------------
    def _base_vals(self, model):
        """Values a role with create access may give for a new record."""
        stock = self.wh_raw.lot_stock_id
        return {
            "factory.stocktake": {"warehouse_id": self.wh_raw.id},
            "factory.stocktake.line": {
                "stocktake_id": self.stocktake.id,
                "location_id": self.bin_b.id,
                "product_id": self.coil.id,
                "lot_id": self.lot2.id,
            },
            "factory.stocktake.assignment": {
                "stocktake_id": self.stocktake.id,
                "location_id": self.bin_a.id,
                "user_id": self.clerk2.id,
            },
            "factory.scan.log": {"user_id": self.clerk.id, "key": "forged"},
            "stock.picking": {
                "picking_type_id": self.wh_raw.int_type_id.id,
                "location_id": stock.id,
                "location_dest_id": self.bin_a.id,
            },
            "stock.move": {
                "name": "forged",
                "product_id": self.material.id,
                "product_uom": self.material.uom_id.id,
                "product_uom_qty": 1,
                "location_id": stock.id,
                "location_dest_id": self.bin_a.id,
            },
        }[model]

    def _forged(self, record, fname):
        """A valid value for ``fname`` that differs from the record's."""
        field = record._fields[fname]
        current = record.sudo()[fname]
        if field.type == "many2one":
            other = (
                self.env[field.comodel_name]
                .sudo()
                .search([("id", "!=", current.id)], limit=1)
            )
            return other.id
        if field.type in ("one2many", "many2many"):
            other = (
                self.env[field.comodel_name]
                .sudo()
                .search([("id", "not in", current.ids)], limit=1)
            )
            return [Command.link(other.id)] if other else [Command.clear()]
        if field.type == "selection":
            values = [value for value, _label in field._description_selection(self.env)]
            return next(value for value in values if value != current)
        if field.type == "boolean":
            return not current
        if field.type in ("float", "monetary", "integer"):
            return (current or 0) + 7
        if field.type in ("char", "text"):
            return "forged"
        if field.type == "date":
            return date(2020, 1, 2)
        if field.type == "datetime":
            return datetime(2020, 1, 2, 3, 4, 5)
        if field.type == "json":
            return {"ok": True, "forged": True}
        raise AssertionError(f"no forged value for {field}")

    def _snapshot(self, record):
        self.env.invalidate_all()
        fnames = [*record._factory_protected_fields, *record._factory_fixed_fields]
        return record.sudo().read(fnames)

    def _users_with(self, model, operation):
        return [
            user
            for user in self.roles
            if self.env[model].with_user(user).has_access(operation)
        ]

    def _fields_of(self, model):
        Model = self.env[model]
        return [*Model._factory_protected_fields, *Model._factory_fixed_fields]

    # tests -------------------------------------------------------------------
    def test_declared_fields(self):
        """The fields judged workflow fields are declared, and every stored
        computed or related field without inverse (which write() would store
        as given) of factory_stock's own documents is among them."""
        for model, (protected, fixed) in EXPECTED.items():
            Model = self.env[model]
            with self.subTest(model=model):
                self.assertLessEqual(protected, set(Model._factory_protected_fields))
                self.assertLessEqual(fixed, set(Model._factory_fixed_fields))
        for model in (
            "factory.stocktake",
            "factory.stocktake.line",
            "factory.scan.log",
            "factory.qc.inspection",
        ):
            Model = self.env[model]
            derived = {
                fname
                for fname, field in Model._fields.items()
                if field.store
                and field.compute
                and not field.inverse
                and not field.automatic
            }
            self.assertLessEqual(derived, set(Model._factory_protected_fields), model)

    def test_forged_writes_refused(self):
        """Every protected or fixed field, written by every role that may
        write the model (context keys included): refused, nothing changed."""
        for model, record in self.records.items():
            writers = self._users_with(model, "write")
            users = writers or self.roles  # the scan log: nobody may write
            for fname in self._fields_of(model):
                value = self._forged(record, fname)
                before = self._snapshot(record)
                for user in users:
                    with self.subTest(model=model, field=fname, user=user.login):
                        forged = record.with_user(user).with_context(FORGING_CONTEXT)
                        error = AccessError if not writers else UserError
                        with self.assertRaises(error) as caught:
                            forged.write({fname: value})
                        if user == self.manager and writers:
                            # every other check passes: the protection refuses
                            self.assertIn(REFUSED, str(caught.exception))
                        self.assertEqual(self._snapshot(record), before)

    def test_forged_creates_refused(self):
        """Creating with a protected field is refused for every role that may
        create the model; a ``default_<field>`` context key creates the
        record without it."""
        for model, record in self.records.items():
            if model == "factory.qc.inspection":
                continue  # test_qc_inspection covers it
            Model = self.env[model]
            creators = self._users_with(model, "create")
            users = creators or self.roles
            base = self._base_vals(model)
            for fname in Model._factory_protected_fields:
                value = self._forged(record, fname)
                count = Model.sudo().search_count([])
                for user in users:
                    with self.subTest(model=model, field=fname, user=user.login):
                        forging = Model.with_user(user).with_context(FORGING_CONTEXT)
                        with self.assertRaises(UserError) as caught:
                            forging.create({**base, fname: value})
                        if user == self.manager and creators:
                            self.assertIn(REFUSED, str(caught.exception))
                        self.assertEqual(Model.sudo().search_count([]), count)
                        if not creators:
                            with self.assertRaises(AccessError):
                                forging.with_context(
                                    **{f"default_{fname}": value}
                                ).create(base)
                            continue
                        # the same record as without the context key
                        control = forging.create(base)
                        expected = control.sudo().read([fname])[0][fname]
                        control.sudo().unlink()
                        new = forging.with_context(
                            **{f"default_{fname}": value}
                        ).create(base)
                        got = new.sudo().read([fname])[0][fname]
                        if fname == "name":  # a new reference each time
                            self.assertNotEqual(got, value)
                        else:
                            self.assertEqual(got, expected)
                        new.sudo().unlink()

    def test_fixed_fields_given_on_create(self):
        """A line or a counter assignment names its stocktake on create."""
        other = (
            self.env["factory.stocktake"]
            .with_user(self.supervisor)
            .create({"warehouse_id": self.wh_raw.id})
        )
        assignment = (
            self.env["factory.stocktake.assignment"]
            .with_user(self.supervisor)
            .create({**self._base_vals("factory.stocktake.assignment")})
        )
        self.assertEqual(assignment.stocktake_id, self.stocktake)
        with self.assertRaisesRegex(UserError, REFUSED):
            assignment.with_user(self.supervisor).stocktake_id = other
        # the supervisor still changes the counter and the location
        assignment.with_user(self.supervisor).write(
            {"user_id": self.clerk.id, "location_id": self.bin_b.id}
        )
        self.assertEqual(assignment.user_id, self.clerk)

    def test_copy_cannot_forge(self):
        """A duplicate starts over; neither ``default`` (lines included) nor
        a ``default_<field>`` context key sets a protected field."""
        Stocktake = self.stocktake.with_user(self.supervisor).with_context(
            FORGING_CONTEXT
        )
        with self.assertRaisesRegex(UserError, REFUSED):
            Stocktake.copy({"state": "to_approve"})
        forged_line = {
            "location_id": self.bin_b.id,
            "product_id": self.material.id,
            "counted_qty": 0,
            "book_qty": 999,
            "is_counted": True,
        }
        with self.assertRaisesRegex(UserError, REFUSED):
            Stocktake.copy({"line_ids": [Command.create(forged_line)]})
        with self.assertRaisesRegex(UserError, REFUSED):
            Stocktake.copy({"line_ids": [Command.link(self.line.id)]})
        # who submitted and approved the original is not copied either
        self.stocktake._factory_write(
            {"submitted_by_id": self.clerk.id, "approved_by_id": self.manager.id}
        )
        count = self.env["factory.stocktake"].search_count([])
        copy = Stocktake.with_context(
            default_state="to_approve",
            default_approved_by_id=self.manager.id,
            default_book_qty=999,
        ).copy()
        self.assertEqual(self.env["factory.stocktake"].search_count([]), count + 1)
        self.assertEqual(
            (copy.state, copy.submitted_by_id.id, copy.approved_by_id.id),
            ("draft", False, False),
        )
        self.assertNotEqual(copy.name, self.stocktake.name)
        self.assertEqual(copy.assignment_ids.user_id, self.clerk)
        self.assertEqual(self.line.stocktake_id, self.stocktake)

    def test_counter_assignment_is_the_supervisors(self):
        """A counter cannot take over a line assigned to someone else."""
        line = self.stocktake.line_ids.filtered(
            lambda line: line.location_id == self.bin_b
        )[:1]
        self.assertEqual(line.assigned_user_id, self.clerk)
        with self.assertRaises(AccessError):
            line.with_user(self.clerk2).assigned_user_id = self.clerk2
        self.assertEqual(line.assigned_user_id, self.clerk)
        line.with_user(self.supervisor).assigned_user_id = self.clerk2
        line.with_user(self.clerk2).counted_qty = 5
        self.assertEqual(line.counted_by_id, self.clerk2)

    def test_scope_fixed_once_counting(self):
        """What a stocktake counts changes only while it is a draft."""
        before = (self.stocktake.warehouse_id, self.stocktake.blind_count)
        for vals in (
            {"warehouse_id": self.wh_fg.id},
            {"blind_count": True},
            {"location_ids": [Command.set(self.bin_a.ids)]},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "while it is a draft"),
            ):
                self.stocktake.with_user(self.manager).write(vals)
        self.assertEqual(
            (self.stocktake.warehouse_id, self.stocktake.blind_count), before
        )
        draft = (
            self.env["factory.stocktake"]
            .with_user(self.supervisor)
            .create({"warehouse_id": self.wh_raw.id})
        )
        draft.write(
            {"blind_count": True, "location_ids": [Command.set(self.bin_a.ids)]}
        )
        self.assertTrue(draft.blind_count)
        # the responsible and the accounting date stay editable
        self.stocktake.with_user(self.supervisor).user_id = self.supervisor2
        self.assertEqual(self.stocktake.user_id, self.supervisor2)

    def test_inventory_apply_context_links_nothing(self):
        """Odoo's own inventory apply with a ``factory_stocktake_id`` context
        key does not make its moves corrections of a stocktake; approving the
        stocktake does."""
        quant = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.other_material.id),
                ("location_id", "=", self.bin_b.id),
            ]
        )
        quant.with_user(self.supervisor).with_context(
            inventory_mode=True
        ).inventory_quantity = 6
        quant.with_user(self.supervisor).with_context(
            factory_stocktake_id=self.stocktake.id, inventory_name="forged"
        ).action_apply_inventory()
        self.assertFalse(self.stocktake.move_ids)
        forged_move = self.env["stock.move"].search(
            [("product_id", "=", self.other_material.id), ("is_inventory", "=", True)]
        )
        self.assertTrue(forged_move)
        self.assertFalse(forged_move.factory_stocktake_id)
        # the legitimate path: count everything, submit, approve
        for line in self.stocktake.line_ids.filtered(lambda line: not line.is_counted):
            line.with_user(self.supervisor).counted_qty = line.book_qty
        self.line.with_user(self.clerk).counted_qty = 11
        self.stocktake.with_user(self.clerk).action_submit()
        self.stocktake.with_user(self.supervisor2).action_approve()
        self.assertEqual(self.stocktake.state, "done")
        self.assertTrue(self.stocktake.move_ids)
        self.assertEqual(self.stocktake.move_ids.factory_stocktake_id, self.stocktake)
