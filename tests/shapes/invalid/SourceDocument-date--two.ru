# shape: wkgsh:SourceDocument-date
# focus: id:source-big-partner-profile
# path: dcterms:date
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a source with two dates of its own
INSERT DATA { GRAPH graph:sources {
  id:source-big-partner-profile dcterms:date "2021"^^xsd:gYear .
} } ;
