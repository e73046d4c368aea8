# shape: wkgsh:TerritoryMembership-source
# focus: id:wco-membership-fra
# path: dcterms:source
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a membership that names no source
DELETE { GRAPH ?g { id:wco-membership-fra ?p ?o } }
WHERE {
  VALUES ?p { dcterms:source }
  GRAPH ?g { id:wco-membership-fra ?p ?o }
} ;
