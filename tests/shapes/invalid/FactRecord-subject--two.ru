# shape: wkgsh:FactRecord-subject
# focus: id:fact-fra-region
# path: rdf:subject
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a record of two subjects
INSERT DATA { GRAPH graph:wco-members { id:fact-fra-region rdf:subject id:wco-membership-bel . } } ;
