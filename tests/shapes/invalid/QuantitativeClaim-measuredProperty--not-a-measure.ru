# shape: wkgsh:QuantitativeClaim-measuredProperty
# focus: id:claim-wco-customs-administrations-2022
# path: schema:measuredProperty
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a figure that 'measures' a property the ontology does not define as a measure
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old } }
INSERT { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p wkg:statedOn } }
WHERE {
  VALUES ?p { schema:measuredProperty }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old }
} ;
