# shape: wkgsh:CustomsTerritory-exactMatch
# focus: id:territory-fra
# path: skos:exactMatch
# component: sh:PatternConstraintComponent
# severity: Violation
# why: a GeoNames web page instead of the feature's IRI
DELETE { GRAPH ?g { id:territory-fra ?p <https://sws.geonames.org/3017382/> } }
INSERT { GRAPH ?g { id:territory-fra ?p <https://www.geonames.org/3017382/> } }
WHERE {
  VALUES ?p { skos:exactMatch }
  GRAPH ?g { id:territory-fra ?p <https://sws.geonames.org/3017382/> }
} ;
