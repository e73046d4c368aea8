# shape: wkgsh:CustomsTerritory-exactMatch
# focus: id:territory-fra
# path: skos:exactMatch
# component: sh:NodeKindConstraintComponent
# severity: Violation
# why: the GeoNames IRI written as text
DELETE { GRAPH ?g { id:territory-fra ?p <https://sws.geonames.org/3017382/> } }
INSERT { GRAPH ?g { id:territory-fra ?p "https://sws.geonames.org/3017382/" } }
WHERE {
  VALUES ?p { skos:exactMatch }
  GRAPH ?g { id:territory-fra ?p <https://sws.geonames.org/3017382/> }
} ;
