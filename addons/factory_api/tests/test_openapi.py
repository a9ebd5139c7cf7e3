import json
import re

from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.factory_api.controllers.common import PREFIX
from odoo.addons.factory_api.controllers.openapi import (
    OPENAPI_FILE,
    build_document,
    document_text,
    openapi_path,
)

METHODS = {"get", "post", "put", "patch", "delete"}


@tagged("post_install", "-at_install")
class TestOpenApi(HttpCase):
    def test_served_document_is_the_committed_file(self):
        response = self.url_open(PREFIX + "/openapi.json")
        self.assertEqual(response.status_code, 200)
        committed = OPENAPI_FILE.read_text(encoding="utf-8")
        self.assertEqual(response.json(), json.loads(committed))
        self.assertEqual(
            committed,
            document_text(build_document()),
            "openapi/openapi.json is out of date: regenerate it with "
            "controllers/openapi.py write_document()",
        )

    def test_document_lists_exactly_the_routes(self):
        """Every route Odoo serves under /factory/api/v1 (but the catch-all
        answering unknown endpoints) is in the document, with its methods,
        and nothing else."""
        served = set()
        rules = http._generate_routing_rules(
            sorted(self.env.registry._init_modules),
            nodb_only=False,
            converters=self.env["ir.http"]._get_converters(),
        )
        for url, endpoint in rules:
            if not url.startswith(PREFIX + "/") or "<path:" in url:
                continue
            path = openapi_path(url[len(PREFIX) :])
            for method in endpoint.routing["methods"] or ():
                if method.lower() in METHODS:
                    served.add((path, method.lower()))
        document = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
        documented = {
            (path, method)
            for path, item in document["paths"].items()
            for method in item
        }
        self.assertEqual(served, documented)

    def test_document_structure(self):
        """OpenAPI 3 structure (openapi-spec-validator is not a dependency
        of the suite: validated with it too when it is installed)."""
        document = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
        self.assertRegex(document["openapi"], r"^3\.0\.\d+$")
        self.assertTrue(document["info"]["title"] and document["info"]["version"])
        schemas = document["components"]["schemas"]
        text = json.dumps(document)
        for target in re.findall(r'"\$ref": "([^"]+)"', text):
            self.assertTrue(target.startswith("#/components/schemas/"), target)
            self.assertIn(target.rsplit("/", 1)[1], schemas)
        operation_ids = []
        for path, item in document["paths"].items():
            self.assertTrue(path.startswith("/"))
            names = set(re.findall(r"{(\w+)}", path))
            for method, operation in item.items():
                self.assertIn(method, METHODS)
                operation_ids.append(operation["operationId"])
                self.assertTrue(operation["responses"])
                for status in operation["responses"]:
                    self.assertRegex(status, r"^[1-5]\d\d$")
                in_path = {
                    p["name"]
                    for p in operation.get("parameters", ())
                    if p["in"] == "path"
                }
                self.assertEqual(in_path, names, path)
                for parameter in operation.get("parameters", ()):
                    self.assertIn(parameter["in"], ("path", "query", "header"))
                    self.assertIn("schema", parameter)
        self.assertEqual(len(operation_ids), len(set(operation_ids)))
        # openapi-spec-validator is pinned in requirements.txt
        from openapi_spec_validator import validate

        validate(document)
