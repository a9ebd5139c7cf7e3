import io

import xlsxwriter

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_open

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_PATH = "factory_stock/static/xls/factory_materials.xlsx"

# Header of the template -> field Odoo's import must map it to on its own.
EXPECTED_MAPPING = {
    "Name": "name",
    "Internal Reference": "default_code",
    "Specification": "factory_spec",
    "Product Category": "categ_id",
    "Unit of Measure": "uom_id",
    "Track Inventory": "is_storable",
    "Tracking": "tracking",
    "Cost": "standard_price",
}

RAW = "工厂物料 / 原材料"
PACKAGING = "工厂物料 / 包材"
WIRE_SPEC = "Φ0.30mm QA-1/155 聚氨酯漆包圆铜线"
CARTON_SPEC = "五层瓦楞 500×400×300mm"
MOTOR_SPEC = "JGB25-370 6V 1:50 120rpm"

# What the import dialog sends besides the mapping (defaults of the web client).
IMPORT_OPTIONS = {
    "has_headers": True,
    "advanced": False,
    "keep_matches": False,
    "encoding": "",
    "separator": "",
    "quoting": '"',
    "date_format": "",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
    "limit": 2000,
    "skip": 0,
}


@tagged("post_install", "-at_install")
class TestImportTemplate(TransactionCase):
    """The material import template (Materials ▸ Import records ▸ Import
    Template for Materials) goes through Odoo's own import unchanged, codes
    left empty (or a file without the code column) are filled by the coding
    rules, and a duplicate code refuses the file as a whole."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The template names the demo categories; create them when the
        # database has no demo data.
        cls.categ_raw = cls._material_category("原材料")
        cls.categ_packaging = cls._material_category("包材")
        cls.categ_finished = cls._material_category("成品")
        cls.supervisor = new_test_user(
            cls.env,
            login="fs_test_import_supervisor",
            groups="base.group_user,factory_stock.group_warehouse_supervisor",
            lang="en_US",
        )
        with file_open(TEMPLATE_PATH, "rb") as template:
            cls.template = template.read()
        cls.existing = cls.env["product.template"].create(
            {
                "name": "漆包铜线",
                "default_code": "RM-CU-9901",
                "factory_spec": "Φ0.50mm",
                "is_storable": True,
                "categ_id": cls.categ_raw.id,
            }
        )

    @classmethod
    def _material_category(cls, name):
        Category = cls.env["product.category"]
        parent = Category.search(
            [("name", "=", "工厂物料"), ("parent_id", "=", False)], limit=1
        ) or Category.create({"name": "工厂物料"})
        return Category.search(
            [("name", "=", name), ("parent_id", "=", parent.id)], limit=1
        ) or Category.create({"name": name, "parent_id": parent.id})

    def _preview(self, content):
        wizard = (
            self.env["base_import.import"]
            .with_user(self.supervisor)
            .create(
                {
                    "res_model": "product.template",
                    "file": content,
                    "file_name": "factory_materials.xlsx",
                    "file_type": XLSX_MIMETYPE,
                }
            )
        )
        preview = wizard.parse_preview(dict(IMPORT_OPTIONS))
        self.assertFalse(preview.get("error"), preview.get("error"))
        return wizard, preview

    def _import(self, content):
        """Import like the dialog does: automatic mapping, then Import."""
        wizard, preview = self._preview(content)
        matches = preview["matches"] or {}
        fields = [
            "/".join(matches[index]) if index in matches else False
            for index in range(len(preview["headers"]))
        ]
        return wizard.execute_import(
            fields, preview["headers"], dict(IMPORT_OPTIONS), dryrun=False
        )

    def _xlsx(self, rows):
        """A file laid out like the template (same header row)."""
        headers = self._preview(self.template)[1]["headers"]
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet("Materials")
        sheet.write_row(0, 0, headers)
        for row, values in enumerate(rows, 1):
            sheet.write_row(row, 0, values)
        book.close()
        return buffer.getvalue()

    def _materials(self, codes):
        return self.env["product.template"].search([("default_code", "in", codes)])

    def test_template_headers_map_automatically(self):
        _wizard, preview = self._preview(self.template)
        self.assertEqual(preview["headers"], list(EXPECTED_MAPPING))
        mapping = {
            preview["headers"][index]: "/".join(path)
            for index, path in preview["matches"].items()
        }
        self.assertEqual(mapping, EXPECTED_MAPPING)
        self.assertEqual(preview["file_length"], 4, "one header row and 3 examples")

    def test_template_imports_three_materials(self):
        # the carton's code is left empty in the template: its category's
        # coding rule gives it
        carton_code = self.categ_packaging.factory_next_code
        self.assertTrue(carton_code, "every category has a rule (the default one)")
        result = self._import(self.template)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(len(result["ids"]), 3)

        materials = self._materials(["RM-CU-0010", carton_code, "FG-GM-0025"])
        self.assertEqual(sorted(materials.ids), sorted(result["ids"]))
        by_code = {m.default_code: m for m in materials}
        kg = self.env.ref("uom.product_uom_kgm")
        unit = self.env.ref("uom.product_uom_unit")
        raw, packaging, finished = (
            self.categ_raw,
            self.categ_packaging,
            self.categ_finished,
        )
        expected = {
            # code: (name, spec, category, unit, tracking, cost)
            "RM-CU-0010": ("漆包铜线", WIRE_SPEC, raw, kg, "lot", 87.2),
            carton_code: ("纸箱", CARTON_SPEC, packaging, unit, "none", 4.2),
            "FG-GM-0025": ("直流减速电机", MOTOR_SPEC, finished, unit, "serial", 26.0),
        }
        for code, (name, spec, categ, uom, tracking, cost) in expected.items():
            with self.subTest(code=code):
                material = by_code[code]
                self.assertEqual(material.name, name)
                self.assertEqual(material.factory_spec, spec)
                self.assertEqual(material.categ_id, categ)
                self.assertEqual(material.uom_id, uom)
                self.assertEqual(material.uom_po_id, uom)
                self.assertTrue(material.is_storable)
                self.assertEqual(material.type, "consu")
                self.assertEqual(material.tracking, tracking)
                self.assertAlmostEqual(material.standard_price, cost)
                self.assertEqual(material.product_variant_id.default_code, code)

    def test_import_without_code_column_fills_codes(self):
        headers = self._preview(self.template)[1]["headers"]
        code_column = headers.index("Internal Reference")
        rows = [
            self._row("纸箱", None, "三层", PACKAGING, "Units", "none", 1.5),
            self._row("电子线", None, "UL1007 24AWG 蓝色", RAW, "m", "none", 0.18),
            self._row("电子线", None, "UL1007 24AWG 红色", RAW, "m", "none", 0.18),
        ]
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet("Materials")
        for row, values in enumerate([headers, *rows]):
            sheet.write_row(row, 0, values[:code_column] + values[code_column + 1 :])
        book.close()
        _wizard, preview = self._preview(buffer.getvalue())
        self.assertNotIn("Internal Reference", preview["headers"])

        result = self._import(buffer.getvalue())
        self.assertFalse(result["messages"], result["messages"])
        materials = self.env["product.template"].browse(result["ids"])
        self.assertEqual(len(materials), 3)
        codes = materials.mapped("default_code")
        self.assertTrue(all(codes), codes)
        self.assertEqual(len(set(codes)), 3, codes)
        for material in materials:
            with self.subTest(material=material.factory_spec):
                rule = self.env["factory.coding.rule"]._factory_rule_for(
                    material.categ_id, self.env.company
                )
                prefix = rule.prefix or ""
                prefix += rule._factory_segments(material.categ_id)
                self.assertTrue(material.default_code.startswith(prefix))
                self.assertEqual(
                    material.product_variant_id.default_code, material.default_code
                )

    def test_blank_code_of_storable_material_filled(self):
        next_code = self.categ_raw.factory_next_code
        result = self._import(
            self._xlsx(
                [
                    self._row(
                        "纸箱", "PK-CT-9904", "三层", PACKAGING, "Units", "none", 1.5
                    ),
                    self._row(
                        "电子线", "", "UL1007 24AWG 蓝色", RAW, "m", "none", 0.18
                    ),
                ]
            )
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(len(result["ids"]), 2)
        self.assertTrue(self._materials(["PK-CT-9904"]))
        wire = self._materials([next_code])
        self.assertEqual(wire.factory_spec, "UL1007 24AWG 蓝色")

    def _assert_refused(self, rows, codes, expected_message):
        before = self.env["product.template"].search_count([])
        result = self._import(self._xlsx(rows))
        self.assertFalse(result["ids"], "a file with an error imports nothing")
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(errors, result["messages"])
        self.assertTrue(
            any(expected_message in m["message"] for m in errors),
            [m["message"] for m in errors],
        )
        self.assertFalse(self._materials(codes))
        self.assertEqual(self.env["product.template"].search_count([]), before)

    @staticmethod
    def _row(name, code, spec, category, uom, tracking, cost):
        """One line of the template: a storable material."""
        return [name, code, spec, category, uom, True, tracking, cost]

    def test_duplicate_code_in_file_refused(self):
        self._assert_refused(
            [
                self._row("漆包铜线", "RM-CU-9902", "Φ0.30mm", RAW, "kg", "lot", 87.2),
                self._row("漆包铜线", "RM-CU-9902", "Φ0.32mm", RAW, "kg", "lot", 87.0),
            ],
            ["RM-CU-9902"],
            "RM-CU-9902 is already used",
        )

    def test_code_of_existing_material_refused(self):
        self._assert_refused(
            [
                self._row(
                    "纸箱", "PK-CT-9903", "三层", PACKAGING, "Units", "none", 1.5
                ),
                self._row("漆包铜线", "RM-CU-9901", "Φ0.50mm", RAW, "kg", "lot", 85.0),
            ],
            ["PK-CT-9903"],
            "RM-CU-9901 is already used",
        )
        self.assertEqual(self._materials(["RM-CU-9901"]), self.existing)
