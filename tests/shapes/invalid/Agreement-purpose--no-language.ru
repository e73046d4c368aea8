# shape: wkgsh:Agreement-purpose
# focus: id:mou-wco-uvic-2021
# path: wkg:purpose
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a purpose written without its language
DELETE { GRAPH ?g { id:mou-wco-uvic-2021 ?p ?old } }
INSERT { GRAPH ?g { id:mou-wco-uvic-2021 ?p "to further enhance the cooperation and the research capacities of the WCO" } }
WHERE {
  VALUES ?p { wkg:purpose schema:description }
  GRAPH ?g { id:mou-wco-uvic-2021 ?p ?old }
} ;
