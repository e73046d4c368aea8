# shape: wkgsh:QuantitativeClaim-measuredProperty
# focus: id:claim-wco-customs-administrations-2022
# path: schema:measuredProperty
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a figure that does not say what it measures
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?o } }
WHERE {
  VALUES ?p { schema:measuredProperty }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?o }
} ;
