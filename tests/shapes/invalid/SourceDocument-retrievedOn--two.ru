# shape: wkgsh:SourceDocument-retrievedOn
# focus: id:source-ror-uvic
# path: pav:retrievedOn
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a source retrieved on two days
INSERT DATA { GRAPH graph:sources {
  id:source-ror-uvic pav:retrievedOn "2026-11-27"^^xsd:date .
} } ;
