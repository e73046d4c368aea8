# shape: wkgsh:Agreement-signedOn
# focus: id:mou-wco-uvic-2021
# path: wkg:signedOn
# component: sh:OrConstraintComponent
# severity: Violation
# why: a signing date written as words
DELETE { GRAPH ?g { id:mou-wco-uvic-2021 ?p ?old } }
INSERT { GRAPH ?g { id:mou-wco-uvic-2021 ?p "December 2021" } }
WHERE {
  VALUES ?p { wkg:signedOn dcterms:date }
  GRAPH ?g { id:mou-wco-uvic-2021 ?p ?old }
} ;
