# shape: wkgsh:QuantitativeClaim-observationAbout
# focus: id:claim-wco-customs-administrations-2022
# path: schema:observationAbout
# component: sh:NodeKindConstraintComponent
# severity: Violation
# why: a figure about "WCO" written as text
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old } }
INSERT { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p "WCO" } }
WHERE {
  VALUES ?p { schema:observationAbout }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old }
} ;
