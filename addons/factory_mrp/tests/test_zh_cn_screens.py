"""Every screen of the Factory menu, opened by a Chinese user in headless
Chromium, shows no English word.

The screens are the actions of the menus under Factory (factory_stock and
factory_mrp) that the demo's factory manager (张厂长, every factory role)
sees: each list, kanban, pivot and graph view of a window action, the form of
its first record, and the client actions (scan, production reporting).  The
visible text of the page (navbar, control panel, view, chatter) is split
into Latin words of three letters or more; what is left after the allowlist
(codes, units, brand names) fails the test, listed per screen.
"""

import json

from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

# Words a Chinese screen legitimately shows in Latin letters: codes of the
# demo (warehouses, work centers, cost centers), units and formats, names.
ALLOWED = {
    # warehouse, work center and cost center codes, material name prefixes
    "RMW",
    "FGW",
    "WIND",
    "ASSY",
    "TEST",
    "MNT",
    "PTC",
    "NTC",
    # material grades, standards and units in the demo's specifications
    "rpm",
    "JGB",
    "EMI",
    "PET",
    "PBT",
    "QZY",
    "AWG",
    "SUS",
    "SPCC",
    "EPE",
    "ADC",
    # sequence codes of Odoo's subcontracting operation types (resupply,
    # subcontracting orders)
    "RES",
    "SBC",
    # sequence codes of Odoo's transfers (deliveries, internal transfers)
    # and of the suite's issue operation type, in references such as
    # RMW/ISS/00003 (the stock movement detail lists them)
    "OUT",
    "INT",
    "ISS",
    # Odoo's own zh_CN: its language names ("Chinese (Simplified) / 简体中文",
    # "English (US)") and "EMail" in its purchase terms
    "Chinese",
    "Simplified",
    "English",
    "EMail",
    # codes of the defect reasons and of the default coding rule (MAT-00001)
    "DIM",
    "APP",
    "FUN",
    "MAT",
    "PKG",
    "DOC",
    # classes, rules and formats written the same in Chinese
    "ABC",
    "FIFO",
    "FEFO",
    "GTIN",
    "xlsx",
    "PDF",
    "Excel",
    "BOM",
    "MO",
    "Odoo",
    "Font",
    "Awesome",
}

SCREENS_JS = """
const steps = %(steps)s;
const allowed = new Set(%(allowed)s);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const { action } = odoo.__WOWL_DEBUG__.root.env.services;
const busy = ".o_loading_indicator, .o_blockUI, .o-mail-Thread-loading";
const english = {};
for (const step of steps) {
    try {
        await action.doAction(step.action, {
            clearBreadcrumbs: true,
            viewType: step.viewType,
            props: step.resId ? { resId: step.resId } : {},
        });
    } catch (error) {
        english[step.label] = ["cannot be opened: " + error];
        continue;
    }
    for (let i = 0; i < 50; i++) {
        await sleep(100);
        if (!document.querySelector(busy)) {
            break;
        }
    }
    await sleep(200);
    // an empty view shows Odoo's sample records (lorem ipsum) behind its help:
    // only the help is read then
    const sample = document.querySelector(".o_view_sample_data");
    const parts = sample
        ? [".o_main_navbar", ".o_control_panel", ".o_view_nocontent"]
        : [".o_main_navbar", ".o_action_manager"];
    const text = parts
        .map((selector) => document.querySelector(selector)?.innerText || "")
        .join(" ")
        .replace(/\\S+@\\S+/g, " ")
        .replace(/https?:\\/\\/\\S+/g, " ");
    const words = [...new Set(text.match(/[A-Za-z]{3,}/g) || [])].filter(
        (word) => !allowed.has(word) && !allowed.has(word.toUpperCase())
    );
    if (words.length) {
        english[step.label] = words;
    }
}
if (Object.keys(english).length) {
    console.error("English on Chinese screens: " + JSON.stringify(english, null, 1));
} else {
    console.log("test successful");
}
"""


@tagged("post_install", "-at_install")
class TestChineseScreens(HttpCase):
    def _screens(self, user):
        """(label, action id, view type, record id) of every screen of the
        Factory menu that ``user`` sees."""
        root = self.env.ref("factory_stock.factory_menu_root")
        menus = (
            self.env["ir.ui.menu"]
            .with_user(user)
            .search([("id", "child_of", root.id), ("action", "!=", False)])
        )
        steps, seen = [], set()
        for menu in menus:
            action = menu.action.sudo()
            if action.id in seen:
                continue
            seen.add(action.id)
            label = f"{menu.complete_name} ({action.xml_id})"
            if action._name == "ir.actions.client":
                steps.append({"label": label, "action": action.id})
                continue
            if action._name != "ir.actions.act_window":
                continue
            modes = action.view_mode.split(",")
            for view_type in ("list", "kanban", "pivot", "graph"):
                if view_type in modes:
                    steps.append(
                        {
                            "label": f"{label} {view_type}",
                            "action": action.id,
                            "viewType": view_type,
                        }
                    )
            if "form" in modes:
                record = self._first_record(action, user)
                if record:
                    steps.append(
                        {
                            "label": f"{label} form {record.display_name}",
                            "action": action.id,
                            "viewType": "form",
                            "resId": record.id,
                        }
                    )
        return steps

    def _first_record(self, action, user):
        context = {"uid": user.id, "allowed_company_ids": user.company_ids.ids}
        try:
            domain = safe_eval(action.domain or "[]", context)
        except (ValueError, NameError, SyntaxError):
            domain = []
        return self.env[action.res_model].with_user(user).search(domain, limit=1)

    def _check_screens(self, login, xmlids, minimum):
        user = self.env["res.users"].search([("login", "=", login)])
        if not user:
            self.skipTest("demo data not installed")
        self.assertEqual(user.lang, "zh_CN")
        steps = self._screens(user)
        # the screens the issue names are among them
        labels = " ".join(step["label"] for step in steps)
        for xmlid in xmlids:
            self.assertIn(xmlid, labels)
        self.assertGreaterEqual(len(steps), minimum)
        code = SCREENS_JS % {
            "steps": json.dumps(steps),
            "allowed": json.dumps(sorted(ALLOWED)),
        }
        self.browser_js(
            "/odoo",
            f"(async () => {{ {code} }})()",
            ready="odoo.isReady === true",
            login=user.login,
            timeout=170,
        )

    def test_factory_screens_have_no_english_for_a_chinese_user(self):
        """The factory manager (张厂长) has every factory role."""
        self._check_screens(
            "fs_manager",
            (
                "factory_stock.factory_scan_action",
                "factory_stock.factory_stocktake_action",
                "factory_stock.factory_qc_inspection_action",
                "factory_mrp.factory_mrp_shortage_action",
                "factory_mrp.factory_production_report_client_action",
                "factory_mrp.factory_material_request_action",
            ),
            25,
        )

    def test_clerk_screens_have_no_english(self):
        """The raw material clerk (王仓管): his warehouse only."""
        self._check_screens(
            "fs_clerk",
            (
                "factory_stock.factory_scan_action",
                "factory_stock.factory_stock_board_action",
            ),
            4,
        )

    def test_qc_inspector_screens_have_no_english(self):
        """The QC inspector (赵质检): the inspections."""
        self._check_screens("fs_qc", ("factory_stock.factory_qc_inspection_action",), 2)

    def test_line_worker_screens_have_no_english(self):
        """The line worker (刘师傅): the reporting screen."""
        self._check_screens(
            "fs_worker", ("factory_mrp.factory_production_report_client_action",), 1
        )

    def test_workshop_supervisor_screens_have_no_english(self):
        """The workshop supervisor (陈主任): shortages, requests, WIP."""
        self._check_screens(
            "fs_workshop",
            (
                "factory_mrp.factory_mrp_shortage_action",
                "factory_mrp.factory_material_request_action",
            ),
            4,
        )

    def test_purchaser_and_accountant_screens_have_no_english(self):
        """The purchaser and the accountant: their factory screens."""
        self._check_screens("fs_buyer", (), 1)
        self._check_screens("fs_account", (), 1)
