# shape: wkgsh:Event-source
# focus: id:ccc-inaugural-session
# path: dcterms:source
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a source given as a web address instead of a described source document
INSERT DATA { GRAPH graph:ccc-history {
  id:ccc-inaugural-session dcterms:source <https://en.wikipedia.org/wiki/World_Customs_Organization> .
} } ;
