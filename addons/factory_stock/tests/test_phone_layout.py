from odoo.tests import HttpCase, tagged

from .factory_stocktake_common import FactoryStocktakeCase
from .test_qc_inspection import TestIncomingInspection
from .tour_case import FactoryTourCase


class PhoneLayoutCase(FactoryTourCase):
    """Each screen of a role, opened in a 360x740 touch browser, must fit
    the phone and have tap targets of at least 40 px (tours of
    static/tests/tours/factory_phone_layout_tour.js)."""

    browser_size = "360x740"

    def assertPhoneLayout(self, user, paths, tour="factory_phone_layout"):
        for path in paths:
            with self.subTest(user=user.login, path=path):
                self.start_tour(path, tour, login=user.login)


@tagged("post_install", "-at_install")
class TestPhoneLayout(FactoryStocktakeCase, PhoneLayoutCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        category = cls.env["product.category"].create(
            {"name": "Phone Inspected Materials", "factory_qc_required": True}
        )
        cls.magnet = cls._create_material(
            "TST-PH-QC", "Phone ferrite magnet", categ_id=category.id, tracking="lot"
        )
        cls.supplier = cls.env["res.partner"].create({"name": "Phone Supplier"})
        cls.wh = cls.wh_raw
        cls.bin_a.barcode = "PH-BIN-A"
        cls.copper = cls._create_material(
            "TST-PH-KG", "Phone copper", uom_id=cls.env.ref("uom.product_uom_kgm").id
        )
        cls.env["stock.quant"]._update_available_quantity(cls.copper, cls.bin_a, 2.5)
        stocktake = (
            cls.env["factory.stocktake"]
            .with_user(cls.supervisor)
            .create({"warehouse_id": cls.wh_raw.id})
        )
        stocktake.action_start()
        cls.stocktake = stocktake

    _receive = TestIncomingInspection._receive

    def test_clerk_screens(self):
        self.assertPhoneLayout(
            self.clerk,
            [
                "/odoo/factory-scan",
                "/odoo/factory-count",
                f"/odoo/factory-count/{self.stocktake.line_ids[0].id}",
                "/odoo/factory-stock-board",
            ],
        )
        self.start_tour(
            "/odoo/factory-stock-board",
            "factory_phone_layout_board",
            login=self.clerk.login,
        )
        self.start_tour(
            "/odoo/factory-scan",
            "factory_phone_layout_scan_lookup",
            login=self.clerk.login,
        )

    def test_qc_inspector_screens(self):
        inspection = self._receive().factory_qc_inspection_ids
        self.assertPhoneLayout(
            self.qc,
            ["/odoo/factory-inspections", f"/odoo/factory-inspections/{inspection.id}"],
        )
        self.start_tour(
            f"/odoo/factory-inspections/{inspection.id}",
            "factory_phone_layout_qc_entry",
            login=self.qc.login,
        )


@tagged("post_install", "-at_install")
class TestBoardDesktopLayout(FactoryStocktakeCase, HttpCase):
    """On a desktop the stock board keeps the material's whole name and shows
    its unit and status without scrolling sideways."""

    browser_size = "1366x768"

    def test_board_on_desktop(self):
        self._create_material(
            "TST-PH-LONG",
            "Enamelled copper winding wire for micro motors, class 180",
            spec="QZY-2/180 0.25mm",
        )
        self.env["stock.quant"]._update_available_quantity(
            self.env["product.product"].search([("default_code", "=", "TST-PH-LONG")]),
            self.bin_a,
            3,
        )
        self.start_tour(
            "/odoo/factory-stock-board",
            "factory_board_desktop_layout",
            login=self.clerk.login,
        )
