# shape: wkgsh:TerritoryMembership-source
# focus: id:wco-membership-fra
# path: dcterms:source
# component: sh:ClassConstraintComponent
# severity: Violation
# why: an organization named as the source
DELETE { GRAPH ?g { id:wco-membership-fra ?p id:source-wco-members-csv } }
INSERT { GRAPH ?g { id:wco-membership-fra ?p id:wco } }
WHERE {
  VALUES ?p { dcterms:source }
  GRAPH ?g { id:wco-membership-fra ?p id:source-wco-members-csv }
} ;
