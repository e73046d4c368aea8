# shape: wkgsh:Labelled-prefLabel
# focus: id:wco
# path: skos:prefLabel
# component: sh:UniqueLangConstraintComponent
# severity: Violation
# why: two English names for the WCO
INSERT DATA { GRAPH graph:editorial {
  id:wco wkg:name "World Customs Organisation"@en ;
    rdfs:label "World Customs Organisation"@en ;
    skos:prefLabel "World Customs Organisation"@en ;
    schema:name "World Customs Organisation"@en .
} } ;
