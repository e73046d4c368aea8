# shape: wkgsh:Agreement-signedOn
# focus: id:mou-wco-uvic-2021
# path: wkg:signedOn
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: an agreement without its signing date
DELETE { GRAPH ?g { id:mou-wco-uvic-2021 ?p ?o } }
WHERE {
  VALUES ?p { wkg:signedOn dcterms:date }
  GRAPH ?g { id:mou-wco-uvic-2021 ?p ?o }
} ;
