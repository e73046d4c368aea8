# shape: wkgsh:Agreement-party
# focus: id:mou-wco-uvic-2021
# path: wkg:party
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: an agreement with only one party
DELETE { GRAPH ?g { id:mou-wco-uvic-2021 ?p id:university-of-victoria } }
WHERE {
  VALUES ?p { wkg:party schema:creator dcterms:creator }
  GRAPH ?g { id:mou-wco-uvic-2021 ?p id:university-of-victoria }
} ;
