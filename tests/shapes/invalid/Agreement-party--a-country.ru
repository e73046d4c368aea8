# shape: wkgsh:Agreement-party
# focus: id:mou-wco-uvic-2021
# path: wkg:party
# component: sh:NodeConstraintComponent
# severity: Violation
# why: a party that is a country (not described as an organization)
DELETE { GRAPH ?g { id:mou-wco-uvic-2021 ?p id:university-of-victoria } }
INSERT { GRAPH ?g { id:mou-wco-uvic-2021 ?p id:canada } }
WHERE {
  VALUES ?p { wkg:party schema:creator dcterms:creator }
  GRAPH ?g { id:mou-wco-uvic-2021 ?p id:university-of-victoria }
} ;
