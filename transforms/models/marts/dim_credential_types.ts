import { CREDENTIAL_TYPES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["credential_type_code"],
  description:
    "One row per credential type of the registry, with the qualification rules of metrics.md it feeds.",
  columns: {
    credential_type_code: "Credential type code as in the credentials file.",
    credential_type_name: "Display name.",
    credential_family_name: "ECTC, Licensing designation, Teaching certificate or TA approval.",
    is_ece_teaching_cert:
      "An early-childhood (ECE or ECSE) teaching certificate: the 'cert' of the career ladder and a bachelor-level route.",
    is_bachelor_level_route: "An ACTIVE credential of this type makes its holder bachelor-level qualified.",
    is_associate_level_route: "An ACTIVE credential of this type makes its holder associate-level qualified.",
  },
  tests: [
    { type: "accepted_values", column: "credential_type_code", values: CREDENTIAL_TYPES },
    {
      type: "expression_is_true",
      name: "every_type_listed",
      expression: `(select count(*) from marts.dim_credential_types) = ${CREDENTIAL_TYPES.length}`,
    },
  ],
});
