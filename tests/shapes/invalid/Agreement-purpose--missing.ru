# shape: wkgsh:Agreement-purpose
# focus: id:mou-wco-uvic-2021
# path: wkg:purpose
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: an agreement without its purpose
DELETE { GRAPH ?g { id:mou-wco-uvic-2021 ?p ?purpose } }
WHERE {
  GRAPH ?g { id:mou-wco-uvic-2021 wkg:purpose ?purpose . id:mou-wco-uvic-2021 ?p ?purpose }
  VALUES ?p { wkg:purpose schema:description }
} ;
