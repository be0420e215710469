# Batch 1, part B: regional book agencies (srl), associations, other libraries.

# ---------------------------------------------------------------- srl
m.mail(35, ("srl", "training", "human"), ("Marion Dubreuil", "marion.dubreuil@alca-nouvelle-aquitaine.fr"),
       "Co-organisation de journées de formation – lecture et handicap",
       D("""\
       Bonjour,

       ALCA Nouvelle-Aquitaine souhaite proposer en 2027 un cycle de trois journées de formation
       sur l'accessibilité des bibliothèques aux personnes en situation de handicap (livres adaptés,
       FALC, accueil des publics sourds).

       Seriez-vous partants pour co-organiser ce cycle, avec vos formateurs sur une des journées ?
       Nous prendrions en charge la logistique et les inscriptions.

       Bien à vous,

       Marion Dubreuil
       Chargée de mission vie littéraire et lecture publique
       ALCA – Agence livre, cinéma et audiovisuel en Nouvelle-Aquitaine
       """), client="outlook", html=True)

m.mail(36, ("srl", "digital_resources", "human"), ("Julien Perret", "julien.perret@auvergnerhonealpes-livre-lecture.org"),
       "Enquête régionale sur le prêt numérique",
       D("""\
       Bonjour,

       Auvergne-Rhône-Alpes Livre et Lecture conduit une enquête sur l'offre de ressources
       numériques dans les bibliothèques de la région : livres numériques, plateformes de presse,
       jeux vidéo, coûts des licences.

       Pourriez-vous nous communiquer les données dont vous disposez sur les tarifs négociés au
       niveau national et sur les usages du prêt numérique, afin de comparer avec nos résultats ?

       Cordialement,
       Julien Perret
       Chargé de mission numérique
       Auvergne-Rhône-Alpes Livre et Lecture
       """), client="thunderbird", cte="8bit")

m.mail(37, ("srl", "partnership", "human"), ("Soazig Kervella", "soazig.kervella@livrelecturebretagne.fr"),
       "Convention tripartite – projet « Bibliothèques et éditeurs en région »",
       D("""\
       Bonjour,

       Comme évoqué lors de notre réunion de septembre, Livre et lecture en Bretagne propose de
       formaliser notre collaboration sur le projet « Bibliothèques et éditeurs en région » par une
       convention tripartite avec la Région Bretagne.

       Vous trouverez ci-joint un premier projet de convention. Pouvez-vous nous faire part de vos
       remarques avant le 30 novembre ?

       Bien cordialement,
       Soazig Kervella
       Livre et lecture en Bretagne
       """), client="outlook", html=True)

m.mail(38, ("srl", "event", "human"), ("Elsa Fournier", "elsa.fournier@ciclic.fr"),
       "Invitation – Rencontres régionales des bibliothèques, Orléans",
       D("""\
       Bonjour,

       Ciclic Centre-Val de Loire organise ses Rencontres régionales des bibliothèques le jeudi
       21 mai à Orléans. Nous serions très heureux de vous y accueillir et, si possible, que vous
       animiez l'un des ateliers de l'après-midi.

       Le programme définitif sera diffusé début avril.

       Bien cordialement,

       Elsa Fournier
       Pôle livre et lecture – Ciclic Centre-Val de Loire
       """), client="outlook_eu", html=True)

m.mail(39, ("srl", "expertise", "human"), ("Hugo Lecomte", "h.lecomte@normandielivre.fr"),
       "Demande d'avis – étude sur les bibliothèques en milieu rural",
       D("""\
       Bonjour,

       Normandie Livre & Lecture lance une étude sur l'évolution des bibliothèques en milieu rural
       (horaires, bénévolat, intercommunalité). Nous aimerions solliciter votre expertise sur la
       méthodologie et le questionnaire, et savoir si vous pourriez participer au comité de suivi.

       Je reste disponible pour un échange téléphonique.

       Hugo Lecomte
       Normandie Livre & Lecture
       Chargé de mission lecture publique
       """), client="thunderbird", cte="8bit")

m.mail(40, ("srl", "training", "bulk"), ("Occitanie Livre & Lecture", "info@occitanie-livre.fr"),
       "Formations printemps : il reste des places !",
       D("""\
       OCCITANIE LIVRE & LECTURE – La lettre pro

       FORMATIONS DU PRINTEMPS
       Il reste des places dans nos formations à destination des professionnels du livre :
       - Éditer et diffuser en région (Montpellier, 12 mars)
       - Monter une résidence d'auteur (Toulouse, 2 avril)
       - Médiation numérique en bibliothèque (en ligne, 16 avril)

       Inscriptions : https://www.occitanie-livre.fr/formations

       Vous recevez cet e-mail parce que vous êtes abonné(e) à la lettre d'Occitanie Livre &
       Lecture. Se désabonner | Mettre à jour vos préférences
       """), client="thunderbird", html=True, return_path="bounce-mc.us21_7788@mail21.suw13.mcsv.net",
       headers=[("List-Unsubscribe", "<https://occitanie-livre.us21.list-manage.com/unsubscribe?u=ab12&id=cd34>"),
                ("X-MC-User", "ab12cd34ef56"), ("X-Mailer", "Mailchimp Mailer - **CID7788**"),
                ("Precedence", "bulk")])

m.mail(41, ("srl", "international", "human"), ("Mathilde Carpentier", "m.carpentier@ar2l-hdf.fr"),
       "Projet transfrontalier avec la Fédération Wallonie-Bruxelles",
       D("""\
       Bonjour,

       L'AR2L Hauts-de-France (Agence régionale du livre et de la lecture) prépare avec le Service
       de la lecture publique de la Fédération Wallonie-Bruxelles un programme d'échanges entre
       bibliothécaires français et belges : visites d'étude, stages croisés, journée commune à
       Mons.

       Votre service a-t-il l'habitude d'accompagner ces coopérations internationales ? Nous
       serions preneurs de contacts et d'une présentation de vos dispositifs lors de la journée.

       Bien à vous,
       Mathilde Carpentier
       AR2L Hauts-de-France
       """), client="outlook", html=True)

m.mail(42, ("srl", "information", "human"), ("Lucie Martineau", "lucie.martineau@mobilis-paysdelaloire.fr"),
       "Chiffres clés et documentation",
       D("""\
       Bonjour,

       Mobilis, pôle régional de coopération des acteurs du livre et de la lecture en Pays de la
       Loire, met à jour son observatoire. Pourriez-vous nous transmettre vos derniers chiffres clés
       (nombre de bibliothèques accompagnées par région, rapport d'activité) ?

       Merci d'avance, et belle journée,
       Lucie Martineau
       Mobilis – Pays de la Loire
       """), client="roundcube", cte="8bit")

m.mail(43, ("srl", "event", "human"), ("Nicolas Bertrand", "nbertrand@livre-paca.org"),
       "Stand aux Rencontres des bibliothèques de la Région Sud",
       D("""\
       Bonjour,

       L'Agence régionale du Livre Provence-Alpes-Côte d'Azur organise les 3 et 4 décembre à
       Marseille les Rencontres des bibliothèques de la Région Sud. Un salon professionnel réunira
       éditeurs, libraires et bibliothèques.

       Souhaitez-vous disposer d'un stand pour présenter vos services, ou intervenir dans une table
       ronde ? Merci de nous répondre avant le 15 octobre.

       Cordialement,
       Nicolas Bertrand
       Agence régionale du Livre Provence-Alpes-Côte d'Azur
       """), client="outlook", html=True)

m.mail(44, ("srl", "partnership", "human"), ("Claire Vautrin", "claire.vautrin@interbibly.fr"),
       "RE: Projet de convention 2027",
       D("""\
       Bonjour,

       Le conseil d'administration d'Interbibly a validé hier le principe du partenariat. Nous
       pouvons donc signer la convention 2027 dans les termes proposés, sous réserve d'ajouter un
       article sur la communication commune.

       Je vous renvoie le document avec nos modifications en suivi.

       Claire Vautrin
       Directrice – Interbibly
       """) + quote_outlook("Service coopération <cooperation@example.org>", "vendredi 6 novembre 2026 11:02",
                              "Vautrin Claire <claire.vautrin@interbibly.fr>", "Projet de convention 2027", """\
       Bonjour Claire,

       Voici le projet de convention pour 2027. Il reprend les trois volets : formation continue
       des bibliothécaires (cinq stages en Grand Est), journée d'étude annuelle et accompagnement
       des projets de construction.

       Bien cordialement"""), client="outlook", html=True, reply=True)

m.mail(45, ("srl", "information", "auto_reply"), ("Agence Livre & Lecture Bourgogne-Franche-Comté", "contact@livre-bourgognefranchecomte.fr"),
       "Message d'absence – Fermeture estivale",
       D("""\
       Bonjour,

       L'Agence Livre & Lecture Bourgogne-Franche-Comté est fermée du 3 au 21 août.
       Votre message sera traité à partir du 24 août.

       Bel été !
       L'équipe de l'Agence
       """), client="thunderbird", headers=[("Auto-Submitted", "auto-replied")])

m.raw(46, ("srl", "information", "bounce"), """\
Return-Path: <>
Received: from mx1.alca-nouvelle-aquitaine.fr (mx1.alca-nouvelle-aquitaine.fr [192.0.2.117])
	by mx.example.org (Postfix) with ESMTPS id 9D21F4C7A0
	for <cooperation@example.org>; Wed, 03 Jun 2026 11:20:44 +0200
Date: Wed, 03 Jun 2026 11:20:43 +0200 (CEST)
From: MAILER-DAEMON@mx1.alca-nouvelle-aquitaine.fr (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: cooperation@example.org
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="B17C23E8F0.1780478443/mx1.alca-nouvelle-aquitaine.fr"
Message-Id: <20260603092043.B17C23E8F0@mx1.alca-nouvelle-aquitaine.fr>

This is a MIME-encapsulated message.

--B17C23E8F0.1780478443/mx1.alca-nouvelle-aquitaine.fr
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx1.alca-nouvelle-aquitaine.fr.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<anne.sauvage@alca-nouvelle-aquitaine.fr>: user unknown

--B17C23E8F0.1780478443/mx1.alca-nouvelle-aquitaine.fr
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx1.alca-nouvelle-aquitaine.fr
X-Postfix-Queue-ID: B17C23E8F0
X-Postfix-Sender: rfc822; cooperation@example.org
Arrival-Date: Wed,  3 Jun 2026 11:20:42 +0200 (CEST)

Final-Recipient: rfc822; anne.sauvage@alca-nouvelle-aquitaine.fr
Original-Recipient: rfc822;anne.sauvage@alca-nouvelle-aquitaine.fr
Action: failed
Status: 5.1.1
Diagnostic-Code: X-Postfix; user unknown

--B17C23E8F0.1780478443/mx1.alca-nouvelle-aquitaine.fr
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: Service de la coopération <cooperation@example.org>
To: anne.sauvage@alca-nouvelle-aquitaine.fr
Subject: Webinaire : les ressources numériques en bibliothèque
Date: Wed, 03 Jun 2026 11:20:30 +0200
Message-ID: <coop.5512ab9c0e01.1780478430@helpdesk.example.org>

--B17C23E8F0.1780478443/mx1.alca-nouvelle-aquitaine.fr--
""", lang="en")

m.mail(47, ("srl", "digital_resources", "human"), ("Thomas Gaudin", "thomas.gaudin@ciclic.fr"),
       "Films d'animation en ligne pour les bibliothèques",
       D("""\
       Bonjour,

       Ciclic développe une plateforme de diffusion en ligne de courts métrages d'animation
       produits en région, que nous aimerions proposer gratuitement aux bibliothèques en accès
       distant pour leurs usagers.

       Pourrions-nous la faire figurer dans votre catalogue de ressources numériques, et quelles
       sont vos conditions techniques (authentification, statistiques, signalement) ?

       Thomas Gaudin
       Ciclic Centre-Val de Loire – Patrimoine et numérique
       """), client="thunderbird", cte="8bit")

m.mail(48, ("srl", "reference_network", "human"), ("Émilie Rouquette", "emilie.rouquette@occitanie-livre.fr"),
       "Questions-réponses : relais auprès des bibliothèques d'Occitanie",
       D("""\
       Bonjour,

       Dans le cadre de notre mission d'accompagnement des bibliothèques, Occitanie Livre & Lecture
       souhaiterait mieux faire connaître votre service de réponses à distance aux bibliothèques de
       la région, et inciter certaines à devenir établissements répondants.

       Disposez-vous d'une présentation du réseau et de chiffres récents (nombre de questions,
       délais de réponse) que nous pourrions relayer dans notre lettre ?

       Émilie Rouquette
       Occitanie Livre & Lecture
       """), client="outlook", html=True)

# ---------------------------------------------------------------- associations
m.mail(49, ("association", "event", "human"), ("Bureau national ABF", "bureau@abf.asso.fr"),
       "Congrès ABF 2027 – proposition d'intervention et de stand",
       D("""\
       Chères et chers collègues,

       Le 72e Congrès de l'Association des bibliothécaires de France se tiendra du 10 au 12 juin
       2027 à Dijon, sur le thème « Bibliothèques en commun ».

       Nous serions heureux de vous accueillir sur le salon professionnel et souhaiterions vous
       proposer une intervention dans l'atelier consacré à la coopération nationale.

       Merci de nous indiquer vos souhaits avant le 20 janvier.

       Pour le Bureau national,
       Association des bibliothécaires de France
       31 rue de Chabrol – 75010 Paris
       """), client="apple")

m.mail(50, ("association", "information", "human"), ("Secrétariat ADBGV", "secretariat@adbgv.fr"),
       "Nouveau bureau de l'ADBGV",
       D("""\
       Bonjour,

       À l'issue de l'assemblée générale du 5 octobre, le nouveau bureau de l'Association des
       directeurs des bibliothèques municipales et intercommunales des grandes villes de France
       (ADBGV) est constitué comme suit : présidence, Mme Hélène Arnoux (Bordeaux) ; trésorerie,
       M. Luc Simon (Lille) ; secrétariat, Mme Nadia Belkacem (Strasbourg).

       Merci de mettre à jour vos annuaires.

       Le secrétariat de l'ADBGV
       """), client="thunderbird", cte="8bit")

m.mail(51, ("association", "training", "human"), ("Frédéric Cazals", "frederic.cazals@abd-asso.org"),
       "Formation des nouveaux directeurs de bibliothèques départementales",
       D("""\
       Bonjour,

       L'Association des directeurs de bibliothèques départementales (ABD) souhaite renouveler en
       2027 le module de formation destiné aux nouveaux directeurs : deux jours sur le pilotage
       d'une BD, les relations avec les élus, la coopération avec l'État.

       Pourrions-nous construire ce module ensemble, comme en 2024 ? Nous pensons à des sessions en
       présentiel à Paris et un webinaire de suivi.

       Bien cordialement,
       Frédéric Cazals
       Vice-président de l'ABD, chargé de la formation
       """), client="outlook", html=True)

m.mail(52, ("association", "digital_resources", "human"), ("Groupe numérique ACIM", "numerique@acim.asso.fr"),
       "Musique en ligne : licences de streaming pour les médiathèques",
       D("""\
       Bonjour,

       L'ACIM (Association pour la coopération des professionnels de l'information musicale)
       prépare un guide sur les plateformes de musique en streaming en bibliothèque : modèles de
       licence, coûts, accès distant, statistiques.

       Disposez-vous d'éléments sur les offres négociées par le consortium, ou de contacts de
       bibliothèques qui ont changé récemment de fournisseur ?

       Pour le groupe numérique de l'ACIM,
       Arnaud Pellerin
       """), client="roundcube", cte="8bit")

m.mail(53, ("association", "event", "human"), ("ADBU", "contact@adbu.fr"),
       "Congrès ADBU 2027 – appel à intervenants",
       D("""\
       Bonjour,

       Le congrès annuel de l'Association des directeurs et personnels de direction des
       bibliothèques universitaires et de la documentation (ADBU) se tiendra à Lille du 15 au 17
       septembre 2027.

       Nous lançons un appel à intervenants pour une session consacrée aux partenariats entre
       bibliothèques universitaires et bibliothèques de lecture publique. Votre service aurait
       toute sa place à la tribune.

       Bien à vous,
       Le bureau de l'ADBU
       """), client="outlook", html=True)

m.mail(54, ("association", "information", "human"), ("IABD", "contact@iabd.fr"),
       "Position de l'IABD sur le droit de prêt numérique – pour diffusion",
       D("""\
       Bonjour,

       L'Interassociation archives bibliothèques documentation (IABD) a publié sa position sur
       l'évolution du droit de prêt et les exceptions au droit d'auteur.

       Nous vous serions reconnaissants de bien vouloir la relayer auprès de votre réseau. Le texte
       complet est disponible sur notre site.

       Pour l'IABD,
       Sandrine Hervé
       """), client="thunderbird", cte="8bit")

m.mail(55, ("association", "training", "human"), ("Images en bibliothèques", "formation@imagesenbibliotheques.fr"),
       "Formation « Programmer du cinéma documentaire en bibliothèque »",
       D("""\
       Bonjour,

       Images en bibliothèques propose une formation de trois jours pour les bibliothécaires
       chargés des collections de films et des projections. Nous aimerions l'ouvrir à votre réseau
       et mutualiser les inscriptions.

       Pouvez-vous relayer le programme et nous dire si une session décentralisée pourrait être
       accueillie dans vos locaux ?

       Cordialement,
       Chloé Masson
       Responsable des formations – Images en bibliothèques
       """), client="outlook", html=True)

m.mail(56, ("association", "partnership", "human"), ("Lecture Jeunesse", "contact@lecturejeunesse.org"),
       "Proposition de partenariat – programme ados et lecture",
       D("""\
       Bonjour,

       Lecture Jeunesse, association reconnue pour son expertise sur la lecture des adolescents,
       souhaiterait vous proposer un partenariat autour de notre programme d'ateliers en
       bibliothèque : conception commune d'outils, diffusion dans votre réseau, co-signature.

       Nous serions ravis d'en discuter lors d'un rendez-vous.

       Bien cordialement,
       Amandine Roche
       Déléguée générale – Lecture Jeunesse
       """), client="apple")

m.mail(57, ("association", "event", "human"), ("FILL", "contact@fill-livrelecture.org"),
       "Rencontres nationales de la FILL – 9 et 10 décembre",
       D("""\
       Bonjour,

       La Fédération interrégionale du livre et de la lecture (FILL) tiendra ses Rencontres
       nationales les 9 et 10 décembre à Angers, sur les coopérations entre agences régionales et
       bibliothèques.

       Nous vous invitons à participer à la table ronde d'ouverture. L'inscription est gratuite pour
       les intervenants.

       L'équipe de la FILL
       """), client="thunderbird", cte="8bit")

m.mail(58, ("association", "digital_resources", "human"), ("Hervé Lacombe", "herve.lacombe@addnb.fr"),
       "Baromètre ADDNB du prêt numérique – partage de données",
       D("""\
       Bonjour,

       L'ADDNB prépare la nouvelle édition de son baromètre des usages numériques en bibliothèques
       (livres numériques, presse en ligne, ressources d'autoformation).

       Accepteriez-vous de nous communiquer les données agrégées de vos ressources électroniques ?
       Elles seraient citées avec mention de la source.

       Hervé Lacombe
       Trésorier de l'ADDNB
       """), client="thunderbird", cte="8bit")

m.mail(59, ("association", "international", "human"), ("Awa Ndiaye", "awa.ndiaye@bibliosansfrontieres.org"),
       "Coopération avec des bibliothèques au Sénégal et au Burkina Faso",
       D("""\
       Bonjour,

       Bibliothèques Sans Frontières déploie des médiathèques mobiles au Sénégal et au Burkina Faso
       et cherche à organiser des échanges de pratiques entre bibliothécaires africains et français
       (accueil de professionnels en France, missions de formation sur place).

       Votre service participe-t-il à ce type de coopération internationale ? Nous aimerions
       vous rencontrer.

       Awa Ndiaye
       Responsable programmes Afrique de l'Ouest
       Bibliothèques Sans Frontières
       """), client="gmail", html=True)

m.mail(60, ("association", "training", "human"), ("Brigitte Lhermitte", "b.lhermitte@orange.fr"),
       "Journée de formation ABF Pays de la Loire",
       D("""\
       Bonjour,

       Je suis trésorière du groupe régional ABF Pays de la Loire. Nous organisons une journée de
       formation pour les bénévoles le 14 mars à Angers, sur l'accueil des publics et l'animation.

       Auriez-vous un formateur à nous recommander, ou pourriez-vous intervenir vous-mêmes ? Nous
       pouvons défrayer le déplacement.

       Merci d'avance
       Brigitte Lhermitte
       ABF – groupe Pays de la Loire
       """), client="orange")

m.mail(61, ("association", "training", "bulk"), ("ABF", "communication@abf.asso.fr"),
       "ABF Infos – Les formations de l'ABF : inscriptions 2027",
       D("""\
       ABF Infos – décembre

       LES FORMATIONS DE L'ABF
       Les inscriptions au diplôme d'auxiliaire de bibliothèque (formation ABF) sont ouvertes pour la
       rentrée 2027 dans 18 centres de formation. Nouvelles sessions courtes : catalogage
       simplifié, accueil, animation jeunesse.

       ACTUALITÉS DES GROUPES RÉGIONAUX
       Le groupe Île-de-France propose une journée d'étude sur les bibliothèques et l'écologie.

       Vous recevez ce message en tant qu'abonné à ABF Infos.
       Pour vous désinscrire, cliquez ici.
       """), client="thunderbird", html=True, return_path="abf-infos-bounces@sarbacane.com",
       headers=[("List-Id", "ABF Infos <abf-infos.abf.asso.fr>"),
                ("List-Unsubscribe", "<https://sarbacane.com/unsubscribe?c=abf&m=91822>"),
                ("X-Mailer", "Sarbacane Software"), ("X-SB-Campaign", "91822"), ("Precedence", "bulk")])

m.mail(62, ("association", "information", "auto_reply"), ("ABD", "secretariat@abd-asso.org"),
       "Message d'absence : Re: Programme de formation",
       D("""\
       Bonjour,

       Le secrétariat de l'Association des directeurs de bibliothèques départementales est fermé
       jusqu'au 6 janvier. Nous vous répondrons dès notre retour.

       Bonnes fêtes de fin d'année,
       Le secrétariat de l'ABD
       """), client="roundcube", headers=[("Auto-Submitted", "auto-replied"), ("Precedence", "auto_reply")],
       return_path="")

# ---------------------------------------------------------------- other libraries
m.mail(63, ("library", "reference_network", "human"), ("Maëlle Prigent", "maelle.prigent@lannion.bzh"),
       "Rejoindre le réseau de réponses à distance",
       D("""\
       Bonjour,

       La médiathèque de Lannion aimerait devenir membre du réseau de questions-réponses. Nous avons
       une équipe motivée et un fonds local riche (Trégor, langue bretonne).

       Pourriez-vous nous envoyer la charte, le formulaire d'adhésion et nous dire quand aura lieu
       la prochaine formation des nouveaux répondants ?

       Merci !
       Maëlle Prigent
       Médiathèque de Lannion
       """), client="thunderbird", cte="8bit")

m.mail(64, ("library", "digital_resources", "human"), ("Franck Delattre", "f.delattre@ca-pso.fr"),
       "Bibliothèque numérique du réseau : offres de livres numériques",
       D("""\
       Bonjour,

       Le réseau des médiathèques de l'agglomération du Pays de Saint-Omer souhaite lancer une
       bibliothèque numérique : prêt de livres numériques, presse en ligne et soutien scolaire.

       Nous n'avons aucune expérience des licences et des fournisseurs. Auriez-vous un guide ou des
       recommandations pour une agglomération de 100 000 habitants ?

       Cordialement,
       Franck Delattre
       Coordinateur du réseau des médiathèques – CAPSO
       """), client="outlook", html=True)

m.mail(65, ("library", "expertise", "human"), ("Camille Arnaud", "c.arnaud@cc-paysdefayence.fr"),
       "Projet de médiathèque intercommunale : demande de conseil",
       D("""\
       Bonjour,

       La Communauté de communes du Pays de Fayence projette la construction d'une médiathèque
       tête de réseau de 1 200 m². Le programme est en cours de rédaction avec un assistant à
       maîtrise d'ouvrage.

       Nous aimerions bénéficier d'un regard extérieur sur le programme (surfaces, espaces,
       mobilier) et, si possible, d'une visite-conseil de votre part. Est-ce un accompagnement que
       vous proposez ?

       Bien cordialement,
       Camille Arnaud
       Directrice du réseau des médiathèques intercommunales du Pays de Fayence
       """), client="outlook_eu", html=True)

m.mail(66, ("library", "training", "human"), ("Agnès Poirier", "agnes.poirier@mairie-vitre.fr"),
       "Demande de stage d'observation pour un agent",
       D("""\
       Bonjour,

       Un de nos agents, récemment recruté à la médiathèque de Vitré, prépare le concours
       d'assistant de conservation. Serait-il possible qu'il effectue un stage d'observation de
       quelques jours dans votre service, ou qu'il suive une de vos formations à distance ?

       Merci de votre retour,
       Agnès Poirier
       Responsable de la médiathèque municipale de Vitré
       """), client="zimbra")

m.mail(67, ("library", "event", "human"), ("Sébastien Guillou", "s.guillou@saint-herblain.fr"),
       "Inauguration de la nouvelle médiathèque – invitation",
       D("""\
       Madame, Monsieur,

       La Ville de Saint-Herblain a le plaisir de vous inviter à l'inauguration de la médiathèque
       Hermeland rénovée, le samedi 26 septembre à 11h, suivie d'une rencontre professionnelle sur
       les bibliothèques du XXIe siècle.

       Merci de confirmer votre présence avant le 15 septembre.

       Sébastien Guillou
       Direction des bibliothèques – Ville de Saint-Herblain
       """), client="outlook", html=True)

m.mail(68, ("library", "international", "human"), ("Leïla Haddad", "leila.haddad@plainecommune.fr"),
       "Accueil d'une délégation de bibliothécaires tunisiens",
       D("""\
       Bonjour,

       Le réseau des médiathèques de Plaine Commune accueillera en mars une délégation de
       bibliothécaires tunisiens dans le cadre d'un programme d'échange avec la ville de Sfax.

       Serait-il possible de leur faire découvrir votre service lors d'une visite d'étude d'une
       demi-journée ? Le groupe compte huit personnes et une interprète.

       Bien à vous,
       Leïla Haddad
       Chargée des relations internationales – Médiathèques de Plaine Commune
       """), client="outlook", html=True)

m.mail(69, ("library", "information", "human"), ("Pierre Chabert", "pierre.chabert@bm-grenoble.fr"),
       "RE: Demande de participation – formation au catalogage",
       D("""\
       Bonjour,

       Pour répondre à votre question, nos statistiques 2025 sont en ligne sur le site de la ville
       (rapport d'activité, page 12). Je vous joins également le tableau récapitulatif demandé par
       le ministère. Je note par ailleurs notre nouvelle adresse de contact : direction@bm-grenoble.fr.

       Bien cordialement,
       Pierre Chabert
       Bibliothèque municipale de Grenoble
       """) + quote_outlook("Service coopération <cooperation@example.org>", "mercredi 3 juin 2026 09:51",
                              "Chabert Pierre <pierre.chabert@bm-grenoble.fr>",
                              "Demande de participation – formation au catalogage", """\
       Bonjour,

       Nous préparons le bilan des formations au catalogage suivies par les bibliothèques de la
       région. Pourriez-vous nous communiquer le nombre d'agents formés et vos statistiques de
       l'année ?

       Merci"""), client="outlook", html=True, reply=True)

m.mail(70, ("library", "expertise", "human"), ("Bibliothèque de Saint-Aubin", "bibliotheque.staubin35@orange.fr"),
       "conseil pour informatiser notre bibliothèque",
       D("""\
       Bonjour,

       Nous sommes une petite bibliothèque associative gérée par des bénévoles à Saint-Aubin-du-
       Cormier (4 000 habitants). La commune veut informatiser le prêt et nous ne savons pas quel
       logiciel choisir (SIGB), ni combien cela coûte.

       Pouvez-vous nous conseiller ou nous dire à qui nous adresser ?

       Merci beaucoup,
       Josiane, pour l'équipe de la bibliothèque municipale
       """), client="orange")

m.mail(71, ("library", "training", "human"), ("Médiathèque Cœur de Savoie", "mediatheque@coeurdesavoie.fr"),
       "Inscription au webinaire « Facile à lire »",
       D("""\
       Bonjour,

       Nous souhaitons inscrire deux collègues du réseau intercommunal Cœur de Savoie au webinaire
       « Facile à lire » du 9 février. Pouvez-vous nous envoyer le lien d'inscription ?

       Cordialement,
       L'équipe du réseau de lecture publique – Communauté de communes Cœur de Savoie
       """), client="thunderbird", cte="8bit")

m.mail(72, ("library", "digital_resources", "human"), ("Nadia Belkacem", "nadia.belkacem@strasbourg.eu"),
       "Consortium : adhésion des médiathèques de l'Eurométropole",
       D("""\
       Bonjour,

       Le réseau Pass'relle des médiathèques de Strasbourg et de l'Eurométropole étudie
       l'opportunité d'adhérer au consortium national d'achat de ressources électroniques. Quelles
       ressources sont couvertes (presse, autoformation, cinéma) et quel est le calendrier des
       adhésions pour 2027 ?

       Merci,
       Nadia Belkacem
       Médiathèques de Strasbourg – Eurométropole de Strasbourg
       """), client="outlook_eu", html=True)

m.mail(73, ("library", "event", "human"), ("Médiathèque de Roubaix", "mediatheque@ville-roubaix.fr"),
       "Journée d'étude « Patrimoine textile et bibliothèques » – 4 juin",
       D("""\
       Bonjour,

       La médiathèque de Roubaix – La Grand-Plage organise une journée d'étude le 4 juin sur la
       valorisation du patrimoine industriel et textile dans les bibliothèques. Nous serions
       honorés que votre service participe à la table ronde de clôture.

       Le programme et le formulaire d'inscription sont en ligne.

       Très cordialement,
       L'équipe de la médiathèque La Grand-Plage
       """), client="outlook", html=True)

m.mail(74, ("library", "reference_network", "human"), ("Service des bibliothèques", "bibliotheques@paris.fr"),
       "Participation des bibliothèques de la Ville de Paris au réseau de questions-réponses",
       D("""\
       Bonjour,

       Les bibliothèques de la Ville de Paris disposent de leur propre service de réponses en
       ligne. Nous réfléchissons à une mutualisation avec votre réseau national de
       questions-réponses (répartition des questions, outil commun, charte de qualité).

       Pourrions-nous organiser une réunion de travail sur ce point en janvier ?

       Bien cordialement,
       Bureau des bibliothèques et de la lecture – Ville de Paris
       """), client="outlook", html=True)

m.mail(75, ("library", "partnership", "human"), ("Erwan Le Corre", "erwan.lecorre@quimper.bzh"),
       "Projet commun – fonds breton numérisé",
       D("""\
       Bonjour,

       Les médiathèques de Quimper Bretagne Occidentale vous proposent de mener ensemble un projet
       de valorisation de notre fonds breton : sélection commune, expositions croisées et actions
       de médiation. Nous aimerions formaliser cette collaboration par une convention de
       partenariat sur deux ans.

       Seriez-vous disponibles pour en parler en visio ?

       Erwan Le Corre
       Responsable du patrimoine – Médiathèques de Quimper Bretagne Occidentale
       """), client="zimbra", html=True)

m.mail(76, ("library", "information", "auto_reply"), ("Muriel Castaing", "m.castaing@mairie-pessac.fr"),
       "Réponse automatique : Partenariat – exposition Le Monde en images",
       D("""\
       Bonjour,

       Je suis absente jusqu'au lundi 17 mai. Votre courriel sera traité à mon retour.
       Pour la médiathèque Jacques-Ellul, vous pouvez contacter l'accueil au 05 36 49 00 00.

       Muriel Castaing
       """), client="outlook", html=True, headers=AR, return_path="")

m.raw(77, ("library", "information", "bounce"), """\
Return-Path: <>
Received: from mail.ville-cholet.fr (mail.ville-cholet.fr [198.51.100.201])
	by mx.example.org (Postfix) with SMTP id 5AE03C2F17
	for <cooperation@example.org>; Thu, 14 May 2026 16:02:11 +0200
Date: 14 May 2026 14:02:10 -0000
From: MAILER-DAEMON@mail.ville-cholet.fr
To: cooperation@example.org
Subject: failure notice
Message-ID: <20260514140210.31677.qmail@mail.ville-cholet.fr>

Hi. This is the qmail-send program at mail.ville-cholet.fr.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<mediatheque.animation@ville-cholet.fr>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

Return-Path: <cooperation@example.org>
Received: (qmail 31660 invoked from network); 14 May 2026 14:02:09 -0000
From: Service de la coopération <cooperation@example.org>
To: mediatheque.animation@ville-cholet.fr
Subject: Appel à partenariat – Partir en livre
Date: Thu, 14 May 2026 16:02:05 +0200
Message-ID: <coop.a1b2c3d4e5f6.1778767325@helpdesk.example.org>

Bonjour,

Dans le cadre de Partir en livre, nous recherchons des bibliothèques partenaires pour accueillir
des lectures en plein air. Merci de nous faire part de votre intérêt.
""", lang="en")

m.mail(78, ("library", "expertise", "human"), ("Bernard Faure", "bernard.faure.42@gmail.com"),
       "Visite-conseil pour le réaménagement de la bibliothèque",
       D("""\
       Bonjour,

       Je suis le responsable de la bibliothèque municipale de Montbrison (je vous écris de mon
       adresse personnelle). La mairie nous demande de réaménager l'espace jeunesse et l'accueil
       avec un budget limité.

       Pourriez-vous nous conseiller, éventuellement lors d'une visite, sur l'organisation des
       espaces et le mobilier ? Des exemples de réaménagements réussis nous aideraient aussi.

       Cordialement,
       Bernard Faure
       Bibliothèque municipale de Montbrison
       """), client="gmail", html=True)

m.mail(79, ("library", "event", "bulk"), ("Réseau des médiathèques du Val d'Europe", "actu@valeuropeagglo.fr"),
       "Agenda des médiathèques – Festival « Lire en fête » du 2 au 10 octobre",
       D("""\
       L'AGENDA DES MÉDIATHÈQUES DU VAL D'EUROPE

       FESTIVAL « LIRE EN FÊTE » – DU 2 AU 10 OCTOBRE
       Rencontres d'auteurs, spectacles, lectures musicales et salon du livre jeunesse dans les
       cinq médiathèques du réseau. Conférence inaugurale le vendredi 2 octobre à 19h.

       Réservations conseillées sur le portail du réseau.

       Pour ne plus recevoir nos actualités, désabonnez-vous ici.
       """), client="thunderbird", html=True, return_path="bounce@mc.valeuropeagglo.fr",
       headers=[("List-Unsubscribe", "<mailto:unsubscribe@valeuropeagglo.fr?subject=unsubscribe>"),
                ("X-Mailer", "Mailchimp Mailer - **CID2020**"), ("X-MC-User", "9f8e7d6c5b")])

m.mail(80, ("library", "partnership", "human"), ("Direction lecture publique", "lecture@grandchambery.fr"),
       "Proposition de partenariat – prix littéraire des lycéens",
       D("""\
       Bonjour,

       Le réseau des bibliothèques de Grand Chambéry organise depuis dix ans un prix littéraire
       pour les lycéens de Savoie. Nous aimerions lui donner une dimension nationale et vous
       proposons de devenir partenaire : co-sélection, rencontre finale commune, visibilité de vos
       logos.

       Pouvons-nous prévoir un échange pour en parler ?

       Bien cordialement,
       Sandrine Vial
       Directrice du réseau des bibliothèques – Grand Chambéry
       """), client="outlook", html=True)
